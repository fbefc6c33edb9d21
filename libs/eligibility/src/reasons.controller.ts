import { Controller, Get } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { CriteriaService } from '@app/criteria';
import { ApiProblems } from '@app/shared';
import { DECISION_TEXTS, OBLIGATION_STATUS_TEXTS, OUTCOME_TEXTS, REASON_TEXTS, type Text, WARNING_TEXTS } from './reasons';

export const REASON_KINDS = ['decision', 'outcome', 'reason', 'warning', 'obligation', 'obligationStatus'] as const;

export class ReasonTextDto {
  /** The stable code as decisions carry it. */
  code: string;
  @ApiProperty({ enum: REASON_KINDS }) kind: (typeof REASON_KINDS)[number];
  /** Japanese text. */
  ja: string;
  /** English text. */
  en: string;
}

export class ReasonCatalogueDto {
  @ApiProperty({ type: [ReasonTextDto] }) items: ReasonTextDto[];
}

const entries = (kind: ReasonTextDto['kind'], texts: Readonly<Record<string, Text>>): ReasonTextDto[] =>
  Object.entries(texts)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, t]) => ({ code, kind, ja: t.ja, en: t.en }));

const FIXED = [
  ...entries('decision', DECISION_TEXTS),
  ...entries('outcome', OUTCOME_TEXTS),
  ...entries('reason', REASON_TEXTS),
  ...entries('warning', WARNING_TEXTS),
  ...entries('obligationStatus', OBLIGATION_STATUS_TEXTS),
];

@ApiTags('eligibility')
@Controller('v1/reasons')
export class ReasonsController {
  constructor(private readonly criteria: CriteriaService) {}

  /**
   * Every code a decision can carry — outcomes, reasons, warnings, and the municipality-side
   * obligations of the criteria profiles — with its Japanese and English text.
   */
  @Get()
  @ApiProblems()
  async list(): Promise<ReasonCatalogueDto> {
    const obligations: Record<string, Text> = {};
    // editions in effectiveFrom order: the newest text of an obligation wins
    const profiles = [...(await this.criteria.all())].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
    for (const p of profiles) for (const o of p.obligations) obligations[o.id] = { ja: o.title, en: o.titleEn };
    return { items: [...FIXED, ...entries('obligation', obligations)] };
  }
}
