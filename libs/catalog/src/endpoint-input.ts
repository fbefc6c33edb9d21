import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parseEndpoint } from '@app/eligibility-engine';
import { CreateEndpointDto } from './dto/endpoint.dto';

/** A destination as the catalog stores it: canonical value, ports de-duplicated and sorted. */
export interface NormalizedEndpoint {
  kind: 'fqdn' | 'cidr';
  value: string;
  ports: number[];
  purpose: string | null;
}

/** Why a destination is refused, per field of `POST /v1/services/{id}/endpoints` (`kind`, `value`, `ports`, `purpose`, `effectiveOn`). */
export interface EndpointInputProblem {
  field: string;
  message: string;
}

/**
 * The destination a request body declares, canonicalised (`parseEndpoint`) or refused. `addEndpoint`
 * runs it on the validated body; an import runs it on each row, so both accept exactly the same
 * destinations.
 */
export function normalizeEndpoint(
  dto: Pick<CreateEndpointDto, 'kind' | 'value' | 'ports' | 'purpose'>,
): { ok: true; endpoint: NormalizedEndpoint } | { ok: false; reason: string } {
  const parsed = parseEndpoint(dto.kind, dto.value);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  return {
    ok: true,
    endpoint: {
      kind: dto.kind,
      value: parsed.value,
      ports: [...new Set(dto.ports ?? [])].sort((a, b) => a - b),
      purpose: dto.purpose ?? null,
    },
  };
}

/**
 * The whole check of the endpoints API on a body that did not come over HTTP (an import row): the
 * request DTO's validation (as the global pipe runs it) and then {@link normalizeEndpoint}.
 */
export function checkEndpointInput(
  input: Record<string, unknown>,
): { ok: true; endpoint: NormalizedEndpoint } | { ok: false; problems: EndpointInputProblem[] } {
  const dto = plainToInstance(CreateEndpointDto, input);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    return {
      ok: false,
      problems: errors.flatMap((e) => Object.values(e.constraints ?? {}).map((message) => ({ field: e.property, message }))),
    };
  }
  const normalized = normalizeEndpoint(dto);
  return normalized.ok ? normalized : { ok: false, problems: [{ field: 'value', message: normalized.reason }] };
}
