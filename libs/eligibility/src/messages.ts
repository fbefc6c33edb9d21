import {
  type Decision,
  type DecisionWarning,
  type IsoDate,
  type ProfileEdition,
  type RequirementResult,
  SERVICE_RETIREMENT_RESULT_ID,
} from '@app/eligibility-engine';
import type { Language } from '@app/shared';
import { DECISION_TEXTS, PHRASES, REASON_TEXTS, SERVICE_ACTIVE_TITLE, type Text, WARNING_TEXTS } from './reasons';

export type LocalizedRequirementResult = RequirementResult & { message: string };
export type LocalizedWarning = DecisionWarning & { message: string };
export type LocalizedObligation = Decision['obligations'][number] & { message: string };

/** A decision with a `message` in one language on every requirement result, warning and obligation. */
export interface LocalizedDecision extends Omit<Decision, 'requirements' | 'obligations' | 'warnings'> {
  requirements: LocalizedRequirementResult[];
  obligations: LocalizedObligation[];
  warnings: LocalizedWarning[];
}

/** `2026-07-31` → `2026年7月31日` (ja) or as it is (en). Plain string work: no locale data, same bytes everywhere. */
export function formatDate(date: IsoDate, language: Language): string {
  if (language === 'en') return date;
  const [y, m, d] = date.split('-');
  return `${Number(y)}年${Number(m)}月${Number(d)}日`;
}

/** Fills `{name}` placeholders; an unknown placeholder is a programming error, not a blank. */
export function fill(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} in "${template}"`);
    return value;
  });
}

/** The coverage through which a registration reached the service (its basis says so), if any. */
const coverageOf = (r: RequirementResult) => r.basis.find((b) => b.coverage !== undefined)?.coverage;

/** Sentences joined as each language writes them (no space after `。`). */
const sentences = (language: Language, parts: readonly string[]): string => parts.join(language === 'ja' ? '' : ' ');

/**
 * Texts of one language for one profile edition: what a decision's codes and keys say in words.
 * Keep one per (edition, language) (see EligibilityService): it remembers every text it made (there
 * are few distinct ones: code × date × requirement) and the localized copy of every decision it saw
 * (held weakly, so the memoised decision sets are localized once per language).
 */
export class DecisionMessages {
  private readonly titles: Map<string, Text>;
  private readonly obligations: Map<string, Text>;
  private readonly texts = new Map<string, string>();
  private readonly localized = new WeakMap<Decision, LocalizedDecision>();

  constructor(
    profile: Pick<ProfileEdition, 'requirements' | 'obligations'>,
    readonly language: Language,
  ) {
    this.titles = new Map(profile.requirements.map((r) => [r.id, { ja: r.title, en: r.titleEn || r.title }]));
    this.titles.set(SERVICE_RETIREMENT_RESULT_ID, SERVICE_ACTIVE_TITLE);
    this.obligations = new Map(profile.obligations.map((o) => [o.id, { ja: o.title, en: o.titleEn || o.title }]));
  }

  /** A requirement's title (its key when the profile does not name it). */
  title(requirementId: string): string {
    return this.titles.get(requirementId)?.[this.language] ?? requirementId;
  }

  private remembered(key: string, make: () => string): string {
    let text = this.texts.get(key);
    if (text === undefined) {
      text = make();
      this.texts.set(key, text);
    }
    return text;
  }

  requirement(r: RequirementResult): string {
    const coveredFrom = coverageOf(r)?.effectiveOn ?? '';
    return this.remembered(`r\u0000${r.reason}\u0000${r.outcome}\u0000${r.validUntil ?? ''}\u0000${coveredFrom}`, () =>
      this.makeRequirement(r),
    );
  }

  private makeRequirement(r: RequirementResult): string {
    const parts = [REASON_TEXTS[r.reason][this.language]];
    const coverage = coverageOf(r);
    if (coverage) parts.push(fill(PHRASES.coveredFrom[this.language], { date: formatDate(coverage.effectiveOn, this.language) }));
    if (r.validUntil !== null) {
      const phrase = r.outcome === 'expired' ? PHRASES.countedUntil : PHRASES.validUntil;
      parts.push(fill(phrase[this.language], { date: formatDate(r.validUntil, this.language) }));
    }
    return sentences(this.language, parts);
  }

  warning(w: DecisionWarning, requirementIds: readonly string[] = w.requirementId === undefined ? [] : [w.requirementId]): string {
    return this.remembered(`w\u0000${w.code}\u0000${w.validUntil ?? ''}\u0000${requirementIds.join('\u0000')}`, () =>
      this.makeWarning(w, requirementIds),
    );
  }

  private makeWarning(w: DecisionWarning, requirementIds: readonly string[]): string {
    const parts = [WARNING_TEXTS[w.code][this.language]];
    if (requirementIds.length > 0) {
      const titles = requirementIds.map((id) => this.title(id)).join(this.language === 'ja' ? '、' : ', ');
      parts.push(fill(PHRASES.requirement[this.language], { title: titles }));
    }
    if (w.validUntil !== undefined) parts.push(fill(PHRASES.ends[this.language], { date: formatDate(w.validUntil, this.language) }));
    return sentences(this.language, parts);
  }

  obligation(o: Decision['obligations'][number]): string {
    return this.obligations.get(o.id)?.[this.language] ?? o.title;
  }

  /** The decision with messages; the engine's decision (shared by memoised sets) is not touched. */
  localize(d: Decision): LocalizedDecision {
    let localized = this.localized.get(d);
    if (!localized) {
      localized = this.makeLocalized(d);
      this.localized.set(d, localized);
    }
    return localized;
  }

  private makeLocalized(d: Decision): LocalizedDecision {
    return {
      serviceId: d.serviceId,
      profile: d.profile,
      asOf: d.asOf,
      decision: d.decision,
      validUntil: d.validUntil,
      requirements: d.requirements.map((r) => ({
        id: r.id,
        mandatory: r.mandatory,
        outcome: r.outcome,
        reason: r.reason,
        message: this.requirement(r),
        basis: r.basis,
        validUntil: r.validUntil,
      })),
      obligations: d.obligations.map((o) => ({ id: o.id, title: o.title, message: this.obligation(o) })),
      warnings: d.warnings.map((w) => ({ ...w, message: this.warning(w) })),
    };
  }

  /**
   * One text for a whole decision (the CSV's `message` column): the outcome, then each result
   * not satisfied, named by requirement, then the warnings, one text per code and date naming
   * every requirement it concerns (in the decision's order).
   */
  summary(d: Decision): string {
    const named = (title: string, message: string) => fill(PHRASES.named[this.language], { title, message });
    const groups = new Map<string, { warning: DecisionWarning; requirementIds: string[] }>();
    for (const w of d.warnings) {
      const key = `${w.code}\u0000${w.validUntil ?? ''}`;
      const group = groups.get(key) ?? { warning: w, requirementIds: [] };
      if (w.requirementId !== undefined) group.requirementIds.push(w.requirementId);
      groups.set(key, group);
    }
    return sentences(this.language, [
      `${DECISION_TEXTS[d.decision][this.language]}${this.language === 'ja' ? '。' : '.'}`,
      ...d.requirements.filter((r) => r.outcome !== 'satisfied').map((r) => named(this.title(r.id), this.requirement(r))),
      ...[...groups.values()].map((g) => this.warning(g.warning, g.requirementIds)),
    ]);
  }
}
