import type { Decision } from '@app/eligibility-engine';
import type { Actor } from '@app/shared';
import type { MunicipalityObligationsDto } from './dto/eligibility.dto';

/**
 * Obligation statuses of a decision for one municipality, contributed by the library that owns
 * usages (libs/lifecycle, which depends on this one: it reads municipalities, measures and usages).
 * Provided globally by @app/lifecycle; without it `municipality=` is answered as not available.
 */
export abstract class MunicipalityObligations {
  abstract forDecision(code: string, actor: Actor | null, decision: Decision): Promise<MunicipalityObligationsDto>;
}
