import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import ical from 'ical-generator';
import { IsDateOnly } from '@app/shared';

export const OUTLOOK_KINDS = [
  'at_risk',
  'obligation_open',
  'edition_effective',
  'renewal_deadline',
  'usage_expiry',
  'obligation_lapse',
] as const;
export type OutlookKind = (typeof OUTLOOK_KINDS)[number];

/** What each kind of item means, for people (the calendar's summaries). */
export const OUTLOOK_KIND_TEXTS: Readonly<Record<OutlookKind, { ja: string; en: string }>> = {
  at_risk: { ja: '利用中のサービスが要注意（利用不可・期限間近）', en: 'A used service is at risk (not eligible or expiring soon)' },
  obligation_open: { ja: '団体側の条件が未対応', en: 'A municipality-side obligation is open' },
  edition_effective: { ja: '基準の新しい版の施行', en: 'A new criteria edition takes effect' },
  renewal_deadline: { ja: '登録の有効期限（更新申請の期限）', en: 'A registration ends (renewal must be filed before)' },
  usage_expiry: { ja: '利用中のサービスの判定の有効期限', en: 'A used service’s decision ends' },
  obligation_lapse: { ja: '団体側の対策・根拠の有効期限', en: 'What meets an obligation ends' },
};

export class OutlookQueryDto {
  /** Last day to look at (inclusive). Default: one year after today (Asia/Tokyo). */
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsDateOnly() until?: string;
  /** `json` (default) or `ics` (iCalendar, text/calendar: one all-day event per item). */
  @ApiPropertyOptional({ enum: ['json', 'ics'] }) @IsOptional() @IsIn(['json', 'ics']) format: 'json' | 'ics' = 'json';
}

export class OutlookItemDto {
  /** The day it happens (the last valid day for ends; today for what is open or at risk now). */
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ enum: OUTLOOK_KINDS }) kind: OutlookKind;
  /** Japanese summary (the `ja` text of the kind, with the subject). */
  summary: string;
  @ApiProperty({ type: String, nullable: true }) profile: string | null;
  @ApiProperty({ type: String, nullable: true }) edition: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) serviceId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) usageId: string | null;
  /** The record the item is about: a registration id, an obligation id, a measure (`MEASURE@date`). */
  @ApiProperty({ type: String, nullable: true }) subject: string | null;
  /** A stable code: the decision or warning behind an at-risk item, the obligation status reason … */
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  /** edition_effective: the used services whose decision changes under it (private view only). */
  @ApiProperty({ type: [String] }) services: string[];
}

export class OutlookDto {
  code: string;
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ format: 'date' }) until: string;
  /** `private` (its own credential or an administrator: usages, measures, obligations) or `public` (edition dates only). */
  @ApiProperty({ enum: ['private', 'public'] }) view: 'private' | 'public';
  @ApiProperty({ type: [OutlookItemDto] }) items: OutlookItemDto[];
}

const rank = (k: OutlookKind) => OUTLOOK_KINDS.indexOf(k);
const cmp = (a: string | null, b: string | null) => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);

/** The outlook's order: by date, then kind (what needs action first), then profile, service, subject. */
export function sortOutlook(items: OutlookItemDto[]): OutlookItemDto[] {
  return items.sort(
    (a, b) =>
      cmp(a.date, b.date) ||
      rank(a.kind) - rank(b.kind) ||
      cmp(a.profile, b.profile) ||
      cmp(a.edition, b.edition) ||
      cmp(a.serviceId, b.serviceId) ||
      cmp(a.usageId, b.usageId) ||
      cmp(a.subject, b.subject),
  );
}

/**
 * The outlook as iCalendar (RFC 5545): one all-day event per item, with a UID stable across requests
 * (municipality, kind, date and subject), so a calendar that re-subscribes updates events in place.
 * Deterministic: same outlook, same bytes.
 */
export function renderOutlookIcs(o: OutlookDto): string {
  // stamped with the outlook's own day (not the clock), so the same outlook gives the same bytes
  const stamp = new Date(`${o.asOf}T00:00:00+09:00`);
  const cal = ical({
    name: `LGWAN registry outlook ${o.code}`,
    prodId: { company: 'lgwan-assurance-registry', product: 'outlook', language: 'JA' },
  });
  for (const item of o.items) {
    const [y, m, d] = item.date.split('-').map(Number);
    const uid = [o.code, item.kind, item.date, item.profile, item.edition, item.serviceId, item.usageId, item.subject]
      .map((x) => x ?? '-')
      .join('.');
    cal.createEvent({
      id: `${uid}@lgwan-assurance-registry`,
      start: new Date(Date.UTC(y, m - 1, d)),
      allDay: true,
      stamp,
      summary: item.summary,
      description: [OUTLOOK_KIND_TEXTS[item.kind].en, item.reason, item.services.length ? `services: ${item.services.join(' ')}` : null]
        .filter((x) => x !== null)
        .join('\n'),
    });
  }
  return cal.toString();
}
