// The staff page: a small client over the registry's public API (same origin, no build step).
'use strict';

const UI = {
  ja: {
    skip: '本文へ移動',
    title: 'クラウドサービス確認（特定通信・LGWAN-ASP）',
    langSwitch: 'English',
    lead: 'LGWAN接続系から特定通信で、または LGWAN-ASP として、そのサービスを使ってよいか・いつまでか・なぜかを確認できます。',
    searchHeading: 'サービスを探す',
    searchLabel: 'サービス名・事業者名（かな・漢字・英字）',
    profileLabel: '用途',
    profileTokutei: '特定通信',
    profileAsp: 'LGWAN-ASP',
    asOfLabel: '判定する日',
    searchButton: '検索',
    decisionHeading: '判定結果',
    allowlistHeading: 'ファイアウォール用の接続先リスト',
    allowlistLead: '上の「用途」と「判定する日」に利用可と判定されたサービスの接続先です。',
    allowTxt: 'テキスト（1 行 1 件）',
    allowCsv: 'CSV（Excel 用）',
    allowJson: 'JSON',
    expiringHeading: 'まもなく期限を迎える審査',
    withinLabel: '何日以内',
    showButton: '表示',
    mineHeading: '自団体の利用サービス（団体用 API キーで表示）',
    codeLabel: '団体コード（6 桁）',
    keyLabel: 'API キー',
    keyHint: 'キーはこのタブの中だけで使い、保存しません。',
    apiDocs: 'API 仕様（Swagger UI）',
    reasonsLink: '理由コード一覧',
    searching: '検索しています…',
    found: (n) => `${n} 件見つかりました。`,
    none: '見つかりませんでした。',
    showDecision: '判定を見る',
    decisionFor: (name, date, profile) => `${name}：${date} 時点の${profile}の判定`,
    usableUntil: '利用できる期限',
    noKnownEnd: '期限の定めなし（更新審査中を含む）',
    notUsable: '—',
    requirement: '要件',
    mandatory: '必須',
    recommended: '推奨',
    result: '結果',
    reason: '理由',
    until: '根拠の期限',
    warnings: '注意',
    obligations: '利用にあたって自団体で行うこと',
    noObligations: 'ありません。',
    nextSteps: '次にすること',
    stepIneligible: 'このままでは利用できません。不適合の要件について事業者・登録簿の管理者に確認してください。',
    stepIndeterminate: '根拠が不足しています。監査人の評価や接続先の登録を待つか、登録簿の管理者に問い合わせてください。',
    stepEligible: '下の「自団体で行うこと」を済ませてから利用してください。期限の前に再確認してください。',
    compareHeading: (edition, from) => `次の版（${edition}、${from} 施行）での判定`,
    compareSame: '次の版でも判定は変わりません。',
    compareChanged: (from, to) => `次の版では「${from}」から「${to}」に変わります。`,
    edition: '基準の版',
    kind: '種類',
    service: 'サービス',
    validUntil: '期限',
    daysLeft: '残り日数',
    registration: '制度登録',
    assessment: '監査人の評価',
    purpose: '用途',
    todayDecision: '今日の判定',
    atRisk: '要対応',
    ok: '問題なし',
    loading: '読み込んでいます…',
    emptyExpiring: '期限を迎える審査はありません。',
    emptyMine: '登録されている利用サービスはありません。',
    error: (m) => `エラー：${m}`,
  },
  en: {
    skip: 'Skip to content',
    title: 'Cloud service check (specific communication and LGWAN-ASP)',
    langSwitch: '日本語',
    lead: 'Check whether a service may be used for specific communication (特定通信) from the LGWAN-connected segment or through LGWAN-ASP, until when, and why.',
    searchHeading: 'Find a service',
    searchLabel: 'Service or provider name (kana, kanji or English)',
    profileLabel: 'Use',
    profileTokutei: 'Specific communication',
    profileAsp: 'LGWAN-ASP',
    asOfLabel: 'Date to check',
    searchButton: 'Search',
    decisionHeading: 'Decision',
    allowlistHeading: 'Destination list for the firewall',
    allowlistLead: 'Destinations of the services eligible for the use and date chosen above.',
    allowTxt: 'Text (one per line)',
    allowCsv: 'CSV (for Excel)',
    allowJson: 'JSON',
    expiringHeading: 'Reviews ending soon',
    withinLabel: 'Within (days)',
    showButton: 'Show',
    mineHeading: 'Services my municipality uses (with a municipality API key)',
    codeLabel: 'Local government code (6 digits)',
    keyLabel: 'API key',
    keyHint: 'The key is used in this tab only and never stored.',
    apiDocs: 'API reference (Swagger UI)',
    reasonsLink: 'Reason codes',
    searching: 'Searching…',
    found: (n) => `${n} found.`,
    none: 'Nothing found.',
    showDecision: 'Show decision',
    decisionFor: (name, date, profile) => `${name}: ${profile} on ${date}`,
    usableUntil: 'Usable until',
    noKnownEnd: 'No known end (including renewal under review)',
    notUsable: '—',
    requirement: 'Requirement',
    mandatory: 'Mandatory',
    recommended: 'Recommended',
    result: 'Result',
    reason: 'Reason',
    until: 'Evidence ends',
    warnings: 'Warnings',
    obligations: 'What your municipality must do to use it',
    noObligations: 'Nothing.',
    nextSteps: 'What to do next',
    stepIneligible: 'It cannot be used as it is. Ask the provider or the registry administrators about the failed requirements.',
    stepIndeterminate: 'Evidence is missing. Wait for an auditor’s assessment or the destinations, or ask the registry administrators.',
    stepEligible: 'Complete the municipality-side measures below before use, and check again before the end date.',
    compareHeading: (edition, from) => `Under the next edition (${edition}, in effect from ${from})`,
    compareSame: 'The decision does not change under the next edition.',
    compareChanged: (from, to) => `Under the next edition it changes from “${from}” to “${to}”.`,
    edition: 'Criteria edition',
    kind: 'Kind',
    service: 'Service',
    validUntil: 'Ends',
    daysLeft: 'Days left',
    registration: 'Scheme registration',
    assessment: 'Auditor assessment',
    purpose: 'Purpose',
    todayDecision: 'Today',
    atRisk: 'Action needed',
    ok: 'OK',
    loading: 'Loading…',
    emptyExpiring: 'No review ends in that window.',
    emptyMine: 'No usages are registered.',
    error: (m) => `Error: ${m}`,
  },
};

const state = { lang: 'ja', reasons: new Map(), names: new Map(), current: null };
const $ = (id) => document.getElementById(id);
const t = (key, ...args) => {
  const v = UI[state.lang][key];
  return typeof v === 'function' ? v(...args) : v;
};

/** Today in Asia/Tokyo, as the registry counts days. */
const todayInTokyo = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat())
    if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

async function api(path, headers = {}) {
  const res = await fetch(path, { headers: { Accept: 'application/json', 'Accept-Language': state.lang, ...headers } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error((body && (body.detail || body.title)) || `HTTP ${res.status}`);
  return body;
}

const text = (code) => {
  const entry = state.reasons.get(code);
  return entry ? entry[state.lang] : code;
};

async function loadReasons() {
  const { items } = await api('/v1/reasons');
  for (const item of items) state.reasons.set(item.code, item);
}

async function serviceName(id) {
  if (!state.names.has(id)) {
    state.names.set(
      id,
      api(`/v1/services/${encodeURIComponent(id)}`).then(
        (s) => (state.lang === 'en' && s.nameEn ? s.nameEn : s.name),
        () => id,
      ),
    );
  }
  return state.names.get(id);
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.title = t('title');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  const other = state.lang === 'ja' ? 'en' : 'ja';
  $('lang').setAttribute('lang', other);
  $('lang').setAttribute('aria-pressed', String(state.lang === 'en'));
  state.names.clear();
  updateAllowlistLinks();
}

function updateAllowlistLinks() {
  const q = new URLSearchParams({ asOf: $('asOf').value || todayInTokyo() });
  const base = `/v1/allowlists/${encodeURIComponent($('profile').value)}`;
  for (const format of ['txt', 'csv', 'json']) {
    q.set('format', format);
    $(`allow-${format}`).href = `${base}?${q}`;
  }
}

const status = (id, message, isError = false) => {
  $(id).textContent = message;
  $(id).classList.toggle('error', isError);
};

async function search(event) {
  event?.preventDefault();
  const q = $('q').value.trim();
  status('search-status', t('searching'));
  $('results').replaceChildren();
  try {
    const page = await api(`/v1/services?${new URLSearchParams({ q, limit: '20' })}`);
    status('search-status', page.items.length ? t('found', page.items.length) : t('none'));
    $('results').replaceChildren(
      ...page.items.map((s) => {
        const name = state.lang === 'en' && s.nameEn ? s.nameEn : s.name;
        return el(
          'li',
          {},
          el('span', { class: 'name', text: name }),
          el('span', { class: 'meta', text: s.category }),
          el(
            'button',
            { type: 'button', 'aria-label': `${t('showDecision')}: ${name}`, onclick: () => showDecision(s.id, name) },
            t('showDecision'),
          ),
        );
      }),
    );
  } catch (err) {
    status('search-status', t('error', err.message), true);
  }
}

const badge = (decision) => el('span', { class: `badge ${decision}`, text: text(decision) });

function requirementsTable(decision, profile) {
  const titles = new Map(profile.requirements.map((r) => [r.id, state.lang === 'en' ? r.titleEn : r.title]));
  return el(
    'table',
    { class: 'reqs' },
    el('caption', { class: 'sr-only', text: t('requirement') }),
    el('thead', {}, el('tr', {}, ...['requirement', 'result', 'reason', 'until'].map((k) => el('th', { scope: 'col', text: t(k) })))),
    el(
      'tbody',
      {},
      decision.requirements.map((r) =>
        el(
          'tr',
          {},
          el(
            'th',
            { scope: 'row' },
            titles.get(r.id) ?? r.id,
            el('small', { text: ` (${r.mandatory ? t('mandatory') : t('recommended')})` }),
          ),
          el('td', {}, el('span', { class: `outcome ${r.outcome}`, text: text(r.outcome) })),
          el('td', { text: r.message }),
          el('td', { text: r.validUntil ?? '—' }),
        ),
      ),
    ),
  );
}

async function showDecision(id, name) {
  const profileKey = $('profile').value;
  const asOf = $('asOf').value || todayInTokyo();
  const card = $('decision-card');
  card.hidden = false;
  $('decision').replaceChildren(el('p', { class: 'status', role: 'status', text: t('loading') }));
  state.current = { id, name };
  performance.mark('decision-requested');
  try {
    const q = new URLSearchParams({ profile: profileKey, asOf });
    const [decision, profile, editions] = await Promise.all([
      api(`/v1/services/${encodeURIComponent(id)}/eligibility?${q}`),
      api(`/v1/profiles/${encodeURIComponent(profileKey)}?asOf=${asOf}`),
      api(`/v1/profiles?key=${encodeURIComponent(profileKey)}`),
    ]);
    const profileLabel = $('profile').selectedOptions[0].textContent;
    const step = { eligible: 'stepEligible', ineligible: 'stepIneligible', indeterminate: 'stepIndeterminate' }[decision.decision];
    const parts = [
      el(
        'p',
        { class: 'headline' },
        el('strong', { text: t('decisionFor', name, decision.asOf, profileLabel) }),
        ' ',
        badge(decision.decision),
      ),
      el(
        'dl',
        { class: 'facts' },
        el('dt', { text: t('usableUntil') }),
        el('dd', { text: decision.decision === 'eligible' ? (decision.validUntil ?? t('noKnownEnd')) : t('notUsable') }),
        el('dt', { text: t('edition') }),
        el('dd', { text: `${decision.profile.key} ${decision.profile.edition}` }),
      ),
      el('h3', { text: t('nextSteps') }),
      el('p', { text: t(step) }),
      requirementsTable(decision, profile),
    ];
    if (decision.warnings.length) {
      parts.push(
        el('h3', { text: t('warnings') }),
        el(
          'ul',
          { class: 'warnings' },
          // the message names the requirement and the date in the page's language
          decision.warnings.map((w) => el('li', { text: w.message })),
        ),
      );
    }
    parts.push(
      el('h3', { text: t('obligations') }),
      decision.obligations.length
        ? el(
            'ul',
            {},
            decision.obligations.map((o) => el('li', { text: o.message })),
          )
        : el('p', { text: t('noObligations') }),
    );
    const next = editions.items.filter((p) => p.effectiveFrom > asOf).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1))[0];
    if (next) {
      const upcoming = await api(
        `/v1/services/${encodeURIComponent(id)}/eligibility?${new URLSearchParams({ profile: profileKey, edition: next.edition, asOf: next.effectiveFrom })}`,
      );
      parts.push(
        el('h3', { text: t('compareHeading', next.edition, next.effectiveFrom) }),
        el('p', {
          text:
            upcoming.decision === decision.decision
              ? t('compareSame')
              : t('compareChanged', text(decision.decision), text(upcoming.decision)),
        }),
        requirementsTable(upcoming, next),
      );
    }
    $('decision').replaceChildren(...parts);
    performance.mark('decision-rendered'); // read by the browser test's timing (Performance API)
    $('h-decision').focus();
  } catch (err) {
    $('decision').replaceChildren(el('p', { class: 'status error', role: 'alert', text: t('error', err.message) }));
  }
}

async function fillTable(tableId, statusId, head, rows, empty) {
  const table = $(tableId);
  if (rows.length === 0) {
    table.hidden = true;
    status(statusId, empty);
    return;
  }
  status(statusId, '');
  table.replaceChildren(
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        head.map((h) => el('th', { scope: 'col', text: h })),
      ),
    ),
    el(
      'tbody',
      {},
      rows.map((cells) =>
        el(
          'tr',
          {},
          cells.map((c) => el('td', {}, c)),
        ),
      ),
    ),
  );
  table.hidden = false;
}

async function expiring(event) {
  event?.preventDefault();
  status('expiring-status', t('loading'));
  try {
    const q = new URLSearchParams({ within: $('within').value || '90', asOf: $('asOf').value || todayInTokyo(), limit: '100' });
    const page = await api(`/v1/reviews/expiring?${q}`);
    const rows = await Promise.all(
      page.items.map(async (item) => [await serviceName(item.serviceId), t(item.kind), item.validUntil, String(item.daysLeft)]),
    );
    await fillTable('expiring', 'expiring-status', [t('service'), t('kind'), t('validUntil'), t('daysLeft')], rows, t('emptyExpiring'));
  } catch (err) {
    status('expiring-status', t('error', err.message), true);
  }
}

async function mine(event) {
  event?.preventDefault();
  status('mine-status', t('loading'));
  try {
    const code = $('code').value.trim();
    const page = await api(`/v1/municipalities/${encodeURIComponent(code)}/usages?limit=500`, {
      Authorization: `Bearer ${$('key').value.trim()}`,
    });
    const soon = new Date(Date.parse(`${todayInTokyo()}T00:00:00Z`) + 90 * 86_400_000).toISOString().slice(0, 10);
    const rows = await Promise.all(
      page.items.map(async (u) => {
        const c = u.current;
        const risk = !c || c.decision !== 'eligible' || (c.validUntil !== null && c.validUntil <= soon);
        return [
          await serviceName(u.serviceId),
          u.purpose ?? '',
          c ? badge(c.decision) : '—',
          c?.validUntil ?? '—',
          el('span', { class: risk ? 'risk' : 'fine', text: risk ? t('atRisk') : t('ok') }),
        ];
      }),
    );
    await fillTable('mine', 'mine-status', [t('service'), t('purpose'), t('todayDecision'), t('usableUntil'), ''], rows, t('emptyMine'));
  } catch (err) {
    status('mine-status', t('error', err.message), true);
  }
}

function start() {
  state.lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'ja';
  $('asOf').value = todayInTokyo();
  applyLanguage();
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'ja' ? 'en' : 'ja';
    applyLanguage();
    if (state.current) void showDecision(state.current.id, state.current.name);
  });
  $('search-form').addEventListener('submit', search);
  $('expiring-form').addEventListener('submit', expiring);
  $('mine-form').addEventListener('submit', mine);
  $('profile').addEventListener('change', updateAllowlistLinks);
  $('asOf').addEventListener('change', updateAllowlistLinks);
  loadReasons().catch((err) => status('search-status', t('error', err.message), true));
}

document.addEventListener('DOMContentLoaded', start);

// ---- the outlook journey (issue 13): what the municipality must do by when, as a list and an .ics file

Object.assign(UI.ja, {
  outlookHeading: '今後の予定（いつまでに何をするか）',
  outlookLead: '上の団体コードと API キーで、利用サービスの期限・更新期限・基準の新しい版・自団体の未対応事項を日付順に表示します。',
  outlookUntil: 'いつまで',
  outlookButton: '予定を表示',
  outlookIcs: 'カレンダーに追加（.ics）',
  outlookDate: '日付',
  outlookWhat: '内容',
  outlookEmpty: 'この期間の予定はありません。',
  at_risk: '要対応のサービス',
  obligation_open: '未対応の団体側条件',
  edition_effective: '基準の新しい版の施行',
  renewal_deadline: '登録の有効期限（更新申請の期限）',
  usage_expiry: '判定の有効期限',
  obligation_lapse: '団体側の対策の期限',
});
Object.assign(UI.en, {
  outlookHeading: 'Outlook: what to do by when',
  outlookLead:
    'With the code and API key above: used services’ end dates, renewal deadlines, new criteria editions and open obligations, by date.',
  outlookUntil: 'Until',
  outlookButton: 'Show outlook',
  outlookIcs: 'Add to calendar (.ics)',
  outlookDate: 'Date',
  outlookWhat: 'What',
  outlookEmpty: 'Nothing in this period.',
  at_risk: 'Service needs action',
  obligation_open: 'Open obligation',
  edition_effective: 'New criteria edition takes effect',
  renewal_deadline: 'Registration ends (file renewal before)',
  usage_expiry: 'Decision ends',
  obligation_lapse: 'Measure meeting an obligation ends',
});

async function outlookSubject(item) {
  if (item.kind === 'edition_effective') {
    const names = await Promise.all(item.services.map(serviceName));
    return `${item.profile} ${item.edition}${names.length ? ` → ${names.join('、')}` : ''}`;
  }
  const name = item.serviceId ? await serviceName(item.serviceId) : '';
  const detail =
    item.kind === 'obligation_open' || item.kind === 'obligation_lapse' ? text(item.subject) : item.reason ? text(item.reason) : '';
  return [name, detail].filter(Boolean).join(' — ');
}

async function loadOutlook(event) {
  event?.preventDefault();
  status('outlook-status', t('loading'));
  $('outlook-ics').hidden = true;
  try {
    const code = encodeURIComponent($('code').value.trim());
    const q = new URLSearchParams($('outlook-until').value ? { until: $('outlook-until').value } : {});
    const auth = $('key').value.trim() ? { Authorization: `Bearer ${$('key').value.trim()}` } : {};
    const outlook = await api(`/v1/municipalities/${code}/outlook?${q}`, auth);
    const rows = await Promise.all(
      outlook.items.map(async (item) => [
        item.date,
        el('span', { class: item.kind === 'at_risk' || item.kind === 'obligation_open' ? 'risk' : '', text: t(item.kind) }),
        await outlookSubject(item),
      ]),
    );
    await fillTable('outlook', 'outlook-status', [t('outlookDate'), t('kind'), t('outlookWhat')], rows, t('outlookEmpty'));
    q.set('format', 'ics');
    const res = await fetch(`/v1/municipalities/${code}/outlook?${q}`, { headers: auth });
    if (res.ok) {
      const link = $('outlook-ics');
      if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
      link.href = URL.createObjectURL(await res.blob());
      link.download = `outlook-${outlook.code}.ics`;
      link.hidden = false;
    }
  } catch (err) {
    status('outlook-status', t('error', err.message), true);
  }
}

document.addEventListener('DOMContentLoaded', () => $('outlook-form').addEventListener('submit', loadOutlook));
