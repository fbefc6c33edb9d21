import type { DecisionOutcome, ObligationReason, ReasonCode, RequirementOutcome, WarningCode } from '@app/eligibility-engine';
import type { Language } from '@app/shared';

/** A text for people, in every language the registry speaks. */
export type Text = Readonly<Record<Language, string>>;

/**
 * What every reason code means, in plain words for municipality staff. Typed by the engine's
 * unions: a code the engine can give without a text here does not compile.
 */
export const REASON_TEXTS: Readonly<Record<ReasonCode, Text>> = {
  REGISTRATION_IN_EFFECT: { ja: '登録が有効です。', en: 'The registration is in effect.' },
  REGISTRATION_RENEWAL_PENDING: {
    ja: '有効期限は過ぎていますが、期限前に更新申請が出ており、審査結果が出るまで有効として扱われます。',
    en: 'The validity has ended, but renewal was filed in time: it counts as in effect until the committee decides.',
  },
  REGISTRATION_EXPIRED: {
    ja: '登録の有効期限が切れています。事業者に更新状況を確認してください。',
    en: 'The registration has expired. Ask the provider about its renewal.',
  },
  REGISTRATION_REVOKED: { ja: '登録が取り消されています。', en: 'The registration has been revoked.' },
  REGISTRATION_WITHDRAWN: { ja: '登録が取り下げられています。', en: 'The registration has been withdrawn.' },
  REGISTRATION_SUSPENDED: { ja: '登録が一時停止されています。', en: 'The registration is suspended.' },
  REGISTRATION_NOT_YET_EFFECTIVE: {
    ja: 'この日付ではまだ登録されていません（登録日より前です）。',
    en: 'Not registered yet on this date (before the registration date).',
  },
  REGISTRATION_VALIDITY_UNKNOWN: {
    ja: '有効期限を計算できません（監査対象期間の終了日が未登録です）。登録簿の管理者に確認を依頼してください。',
    en: 'The validity cannot be computed (no audit period end recorded). Ask the registry administrators to complete it.',
  },
  REGISTRATION_ABSENT: {
    ja: '求められる制度（ISMAP 等）への登録がありません。',
    en: 'The service holds no registration in the required scheme (ISMAP etc.).',
  },
  CATEGORY_ALLOWED: { ja: 'サービス分類が対象として認められています。', en: 'The service category is allowed.' },
  CATEGORY_NOT_ALLOWED: {
    ja: 'このサービス分類は特定通信の対象として認められていません。',
    en: 'This service category is not allowed for this use.',
  },
  NO_DESTINATIONS: {
    ja: '接続先（FQDN・IP アドレス範囲）がまだ登録されていません。',
    en: 'No destinations (FQDNs or IP ranges) are declared yet.',
  },
  DESTINATIONS_SPECIFIC: { ja: '接続先が具体的に限定されています。', en: 'The destinations are specific.' },
  ENDPOINT_INVALID: { ja: '接続先の書式が正しくありません。', en: 'A destination is not a valid FQDN or CIDR.' },
  ENDPOINT_TOO_BROAD: {
    ja: '接続先の範囲が広すぎます（IPv4 は /16、IPv6 は /32 より狭い範囲が必要です）。',
    en: 'A destination range is too broad (IPv4 must be /16 or narrower, IPv6 /32 or narrower).',
  },
  ENDPOINT_PUBLIC_SUFFIX_WILDCARD: {
    ja: 'ワイルドカードが共用のドメイン（公開サフィックス）にかかっており、他の利用者の領域まで通信できてしまいます。',
    en: 'A wildcard covers a shared (public suffix) domain, which would reach other customers too.',
  },
  ENDPOINT_SPECIAL_PURPOSE: {
    ja: '接続先にインターネットで経路のない特別用途のアドレス（プライベート・ドキュメント用など）が含まれています。',
    en: 'A destination is special-purpose address space (private, documentation and the like), not globally routable.',
  },
  NO_SHARED_CDN: { ja: '共用 CDN 上の接続先はありません。', en: 'No destination is on a shared CDN.' },
  SHARED_CDN_DESTINATION: {
    ja: '接続先が共用 CDN 上にあり、ブレイクアウト装置で他の利用者と区別できません。',
    en: 'A destination is on a shared CDN that a breakout device cannot isolate.',
  },
  FINDING_MET: { ja: '監査人が要件を満たしていると確認しました。', en: 'An auditor found the requirement met.' },
  FINDING_NOT_MET: { ja: '監査人が要件を満たしていないと判断しました。', en: 'An auditor found the requirement not met.' },
  FINDING_NOT_APPLICABLE: {
    ja: '監査人がこの要件は適用対象外と判断しました（理由を確認してください）。',
    en: 'An auditor found the requirement not applicable (read the justification).',
  },
  ASSESSMENT_EXPIRED: {
    ja: '評価の有効期限が切れています。新しい評価が必要です。',
    en: 'The assessment behind this result has expired. A new assessment is needed.',
  },
  EVIDENCE_TOO_OLD: {
    ja: '評価が古すぎます（基準で定める証跡の最長期間を超えています）。',
    en: 'The evidence is older than the profile allows.',
  },
  SERVICE_RETIRED: {
    ja: 'サービスの提供が終了しています（この日付で廃止済み）。',
    en: 'The service has been retired (on or before this date).',
  },
  NO_FINDING: {
    ja: 'この要件についての監査人の評価がまだありません。',
    en: 'No auditor has assessed this requirement yet.',
  },
  METHOD_ACCEPTED: {
    ja: '申告された方式（無害化・多重スキャン・サンドボックス等）は基準で認められています。',
    en: 'The declared method (sanitization, multi-engine scanning, sandbox) is accepted.',
  },
  METHOD_NOT_DECLARED: {
    ja: '方式（無害化・多重スキャン・サンドボックス等）がまだ申告されていません。',
    en: 'No method (sanitization, multi-engine scanning, sandbox) is declared yet.',
  },
  METHOD_NOT_ACCEPTED: {
    ja: '申告された方式に、基準で認められていないものがあります。',
    en: 'A declared method is not one the criteria accept.',
  },
  METHOD_NOT_USED: {
    ja: 'この製品が申告した方式には当てはまらない要件です（対象外）。',
    en: 'The requirement is about a method this product does not declare (not applicable).',
  },
  BELOW_THRESHOLD: {
    ja: '監査人の測定値が基準で定める値（エンジン数・検知率など）に届いていません。',
    en: 'The auditor’s measured value (engines, detection rate) is below the threshold the criteria set.',
  },
  MEASUREMENT_MISSING: {
    ja: '基準で定める測定値（指定の検体群での検知率など）が評価に記録されていません。',
    en: 'The assessment does not record a measurement the criteria require (e.g. the detection rate on the named corpus).',
  },
  ASSESSOR_NOT_ACCREDITED: {
    ja: 'この要件の評価を行った監査機関は、評価の実施日に認定を受けていなかったため、評価として扱いません。',
    en: 'The audit organisation that assessed this requirement was not accredited on the day it performed the assessment, so the assessment does not count.',
  },
};

export const WARNING_TEXTS: Readonly<Record<WarningCode, Text>> = {
  EXPIRING_SOON: {
    ja: '根拠の有効期限が近づいています。期限までに更新の見込みを確認してください。',
    en: 'Evidence behind this decision ends soon. Check that it will be renewed in time.',
  },
  RENEWAL_PENDING: {
    ja: '登録は更新審査中です。審査結果が出るまで有効として扱われます。',
    en: 'The registration is under renewal review; it counts as in effect until the committee decides.',
  },
  RECOMMENDED_NOT_MET: {
    ja: '推奨要件の一部を満たしていません（判定には影響しません）。',
    en: 'A recommended (non-mandatory) requirement is not met; the decision does not depend on it.',
  },
  STALE_CONFIRMATION: {
    ja: 'LGWAN-ASP の登録が長期間再確認されていません。J-LIS の一覧で確認してください。',
    en: 'The LGWAN-ASP registration has not been re-confirmed for a long time. Check the J-LIS list.',
  },
  NOT_APPLICABLE_CLAIMED: {
    ja: '必須要件が「対象外」とされています。監査人の理由を読んで妥当か確認してください。',
    en: 'A mandatory requirement was found not applicable. Read the auditor’s justification.',
  },
  PROFILE_NOT_IN_EFFECT: {
    ja: '指定した基準の版はこの日付では施行されていません。',
    en: 'The chosen criteria edition is not in effect on this date.',
  },
};

export const DECISION_TEXTS: Readonly<Record<DecisionOutcome, Text>> = {
  eligible: { ja: '利用可', en: 'Eligible' },
  ineligible: { ja: '利用不可', en: 'Not eligible' },
  indeterminate: { ja: '要確認（根拠不足）', en: 'Needs review (evidence missing)' },
};

export const OUTCOME_TEXTS: Readonly<Record<RequirementOutcome, Text>> = {
  satisfied: { ja: '適合', en: 'Satisfied' },
  failed: { ja: '不適合', en: 'Failed' },
  missing: { ja: '根拠なし', en: 'Missing' },
  expired: { ja: '期限切れ', en: 'Expired' },
  not_applicable: { ja: '対象外', en: 'Not applicable' },
};

/**
 * The parts a message adds around a catalogue text, with `{name}` placeholders filled by
 * `messages.ts` (dates as `2026年7月31日` in Japanese and ISO `2026-07-31` in English).
 */
export const PHRASES = {
  validUntil: { ja: '有効期限：{date}。', en: 'Valid until {date}.' },
  countedUntil: { ja: '根拠は{date}まで有効でした。', en: 'The evidence counted until {date}.' },
  requirement: { ja: '対象の要件：{title}。', en: 'Requirement: {title}.' },
  ends: { ja: '期限：{date}。', en: 'Ends: {date}.' },
  /** A registration of another service of the provider whose scope (対象範囲) covers this one. */
  coveredFrom: {
    ja: '同じ事業者の別サービスの登録で、このサービスは{date}から登録の対象範囲に含まれます。',
    en: 'The registration is recorded for another service of the provider; its scope covers this service from {date}.',
  },
  /** A requirement named inside a longer text (the CSV's message column). */
  named: { ja: '【{title}】{message}', en: '[{title}] {message}' },
} as const satisfies Record<string, Text>;

/** The service-level result a retired service gets first (not a requirement of any profile). */
export const SERVICE_ACTIVE_TITLE: Text = { ja: 'サービスの提供継続', en: 'The service is still offered' };

/** Why an obligation has its status for a municipality (decision `?municipality=`, outlook). */
export const OBLIGATION_STATUS_TEXTS: Readonly<Record<ObligationReason | 'REQUIRED', Text>> = {
  NOT_REQUIRED_UNDER_MODEL: {
    ja: 'この団体が選択したネットワークモデルでは求められていません。',
    en: 'Not required under the network model this municipality chose.',
  },
  NOT_REQUIRED_AT_BREAKOUT: {
    ja: 'この団体のブレイクアウト地点（自団体FW又はセキュリティクラウド）では求められていません。',
    en: 'Not required at this municipality’s breakout point (own firewall or security cloud).',
  },
  MEASURE_IN_EFFECT: { ja: '団体が申告した対策が有効です。', en: 'A measure the municipality attested is in effect.' },
  MEASURE_ABSENT: { ja: '対策の申告がありません。', en: 'No measure has been attested for this.' },
  MEASURE_LAPSED: { ja: '申告された対策の有効期限が過ぎています。', en: 'The attested measure has lapsed.' },
  ELIGIBLE_USAGE: {
    ja: '基準を満たすファイル取込み対策製品を利用しています。',
    en: 'The municipality uses a product that is eligible under the required profile.',
  },
  NO_ELIGIBLE_USAGE: {
    ja: '基準を満たす対策製品の利用登録がありません。',
    en: 'No usage of a product eligible under the required profile is recorded.',
  },
  NOT_CHECKABLE: {
    ja: '登録簿では確認できない条件です。団体自身で確認してください。',
    en: 'The registry cannot check this condition; the municipality checks it itself.',
  },
  REQUIRED: {
    ja: 'この団体に求められる条件です（対応状況は団体と管理者にのみ表示されます）。',
    en: 'Required of this municipality (whether it is met is shown to the municipality and administrators only).',
  },
};
