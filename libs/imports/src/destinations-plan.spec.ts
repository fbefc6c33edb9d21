import { describe, expect, it } from '@jest/globals';
import type { ImportEndpoint } from '@app/catalog';
import type { DestinationRow } from './destinations';
import { type DestinationPlanOptions, type DestinationSnapshot, planDestinationImport } from './destinations-plan';

const TODAY = '2025-12-01';
const row = (n: number, over: Partial<DestinationRow> = {}): DestinationRow => ({
  row: n,
  serviceId: null,
  providerName: 'P',
  corporateNumber: null,
  serviceName: 'S',
  kind: 'fqdn',
  value: 'a.example.jp',
  ports: [443],
  effectiveOn: null,
  endedOn: null,
  notes: null,
  ...over,
});
const ep = (id: string, over: Partial<ImportEndpoint> = {}): ImportEndpoint => ({
  id,
  serviceId: 's1',
  kind: 'fqdn',
  value: 'a.example.jp',
  ports: [443],
  purpose: null,
  effectiveOn: '2025-04-01',
  endedOn: null,
  ...over,
});
const snapshot = (endpoints: ImportEndpoint[] = [], over: Partial<DestinationSnapshot> = {}): DestinationSnapshot => ({
  providers: [
    { id: 'p1', name: 'P', corporateNumber: '7000012050002' },
    { id: 'p2', name: 'Twin', corporateNumber: null },
    { id: 'p3', name: 'Twin', corporateNumber: null },
  ],
  services: [
    { id: 's1', providerId: 'p1', name: 'S', category: 'other' },
    { id: 's2', providerId: 'p1', name: 'T', category: 'other' },
    { id: 's3', providerId: 'p2', name: 'S', category: 'other' },
  ],
  endpoints,
  ...over,
});
const columns = {
  providerName: { column: 'A', header: '事業者名' },
  corporateNumber: { column: 'B', header: '法人番号' },
  serviceName: { column: 'C', header: 'サービス名称' },
  serviceId: { column: 'D', header: 'サービスID' },
  destination: { column: 'F', header: '宛先' },
  ports: { column: 'G', header: 'ポート' },
  effectiveOn: { column: 'H', header: '開始日' },
  endedOn: { column: 'I', header: '終了日' },
};
const ids = () => {
  let n = 0;
  return () => `new-${++n}`;
};
const plan = (rows: DestinationRow[], endpoints: ImportEndpoint[] = [], over: Partial<DestinationPlanOptions> = {}) =>
  planDestinationImport(rows, snapshot(endpoints), {
    fullList: false,
    endMissingOn: null,
    effectiveOn: TODAY,
    today: TODAY,
    newId: ids(),
    columns,
    ...over,
  });

describe('planning a destinations list: which service a row names', () => {
  it.each([
    ['provider and service name', row(2), 's1'],
    [
      'corporate number and service name (the provider name may differ)',
      row(2, { providerName: '旧名', corporateNumber: '7000012050002' }),
      's1',
    ],
    ['the service id, which wins over the names', row(2, { serviceId: 's2', providerName: 'x', serviceName: 'y' }), 's2'],
  ])('by %s', (_name, r, serviceId) => {
    expect(plan([r]).rows[0]).toMatchObject({ action: 'create', serviceId });
  });

  it.each([
    ['an unknown service id', row(2, { serviceId: 's9' }), 'D', 'UNKNOWN_SERVICE'],
    ['an unknown service name', row(2, { serviceName: 'Nope' }), 'C', 'UNKNOWN_SERVICE'],
    ['an unknown provider', row(2, { providerName: 'Nobody' }), 'A', 'UNKNOWN_PROVIDER'],
    ['an unknown corporate number', row(2, { corporateNumber: '1000000000009' }), 'B', 'UNKNOWN_PROVIDER'],
    ['a provider name two providers share', row(2, { providerName: 'Twin' }), 'A', 'AMBIGUOUS_PROVIDER'],
  ])('refuses %s, naming the row and column (the layout creates no services)', (_name, r, column, code) => {
    const p = plan([r]);
    expect(p.rows[0]).toMatchObject({ action: 'error', serviceId: null, errors: [{ row: 2, column, code }] });
    expect(p.writes).toEqual({ endChanges: [], portChanges: [], newEndpoints: [] });
  });

  it('refuses the same destination of the same service twice', () => {
    const p = plan([row(2), row(3, { serviceId: 's1' })]);
    expect(p.rows[1]).toMatchObject({ action: 'error', errors: [{ row: 3, column: 'F', code: 'DUPLICATE_ROW' }] });
  });
});

describe('planning a destinations list: what each row does (today 2025-12-01, effectiveOn 2025-12-01 unless said)', () => {
  const open = ep('e1');
  const endingAhead = ep('e1', { endedOn: '2026-04-01' });
  const endedToday = ep('e1', { endedOn: TODAY });
  const startsAhead = ep('e1', { effectiveOn: '2026-01-01' });
  type Case = [string, DestinationRow, ImportEndpoint[], Partial<DestinationPlanOptions>, string, unknown[], unknown];
  const cases: Case[] = [
    [
      'new → created from the import day',
      row(2),
      [],
      {},
      'create',
      [
        { field: 'destination', old: null, new: 'a.example.jp' },
        { field: 'ports', old: null, new: '443' },
        { field: 'effectiveOn', old: null, new: TODAY },
      ],
      { newEndpoints: [expect.objectContaining({ id: 'new-1', effectiveOn: TODAY, endedOn: null, ports: [443] })] },
    ],
    [
      'new with 開始日 and 終了日 → created for that period',
      row(2, { ports: [], effectiveOn: '2025-04-01', endedOn: '2026-04-01', notes: '会議' }),
      [],
      {},
      'create',
      [
        { field: 'destination', old: null, new: 'a.example.jp' },
        { field: 'effectiveOn', old: null, new: '2025-04-01' },
        { field: 'endedOn', old: null, new: '2026-04-01' },
      ],
      { newEndpoints: [expect.objectContaining({ effectiveOn: '2025-04-01', endedOn: '2026-04-01', purpose: '会議' })] },
    ],
    [
      'equal → unchanged (開始日 and 備考 are not compared)',
      row(2, { effectiveOn: '2020-01-01', notes: 'x' }),
      [open],
      {},
      'unchanged',
      [],
      {},
    ],
    [
      'other ports → the old ones end on the import day and the new ones start there',
      row(2, { ports: [443, 8443] }),
      [open],
      {},
      'update',
      [{ field: 'ports', old: '443', new: '443;8443' }],
      {
        endChanges: [{ before: open, endedOn: TODAY }],
        newEndpoints: [expect.objectContaining({ id: 'new-1', effectiveOn: TODAY, ports: [443, 8443], endedOn: null })],
      },
    ],
    [
      'other ports from an effectiveOn before the declaration starts → its own ports replaced (no past rewritten)',
      row(2, { ports: [] }),
      [startsAhead],
      {},
      'update',
      [{ field: 'ports', old: '443', new: null }],
      { portChanges: [{ before: startsAhead, ports: [] }] },
    ],
    [
      'an end written → ended on that day',
      row(2, { endedOn: '2026-01-01' }),
      [open],
      {},
      'update',
      [{ field: 'endedOn', old: null, new: '2026-01-01' }],
      { endChanges: [{ before: open, endedOn: '2026-01-01' }] },
    ],
    [
      'an end still ahead, left out → cancelled',
      row(2),
      [endingAhead],
      {},
      'update',
      [{ field: 'endedOn', old: '2026-04-01', new: null }],
      { endChanges: [{ before: endingAhead, endedOn: null }] },
    ],
    [
      'ports and end both changed → ended on the import day, declared again with both',
      row(2, { ports: [8443], endedOn: '2026-02-01' }),
      [endingAhead],
      {},
      'update',
      [
        { field: 'ports', old: '443', new: '8443' },
        { field: 'endedOn', old: '2026-04-01', new: '2026-02-01' },
      ],
      {
        endChanges: [{ before: endingAhead, endedOn: TODAY }],
        newEndpoints: [expect.objectContaining({ effectiveOn: TODAY, ports: [8443], endedOn: '2026-02-01' })],
      },
    ],
    ['ended, same end → unchanged (history)', row(2, { endedOn: TODAY }), [endedToday], {}, 'unchanged', [], {}],
    [
      'ended, listed again → declared again from the import day',
      row(2),
      [endedToday],
      {},
      'create',
      [
        { field: 'destination', old: null, new: 'a.example.jp' },
        { field: 'ports', old: null, new: '443' },
        { field: 'effectiveOn', old: null, new: TODAY },
      ],
      { newEndpoints: [expect.objectContaining({ effectiveOn: TODAY })] },
    ],
  ];
  it.each(cases)('%s', (_name, r, endpoints, options, action, changes, writes) => {
    const p = plan([r], endpoints, options);
    expect(p.rows[0]).toMatchObject({ action, changes, errors: [] });
    expect(p.writes).toEqual({ endChanges: [], portChanges: [], newEndpoints: [], ...(writes as object) });
    expect(p.touchedServices).toEqual(action === 'unchanged' ? [] : ['s1']);
  });

  it.each([
    ['an end before the declaration starts', row(2, { endedOn: '2025-03-31' }), [open], 'I', 'END_BEFORE_START'],
    ['an end before the day a ports change takes effect', row(2, { ports: [80], endedOn: '2025-11-30' }), [open], 'I', 'END_BEFORE_START'],
    ['a declaration again that starts before the old end', row(2, { effectiveOn: '2025-04-01' }), [endedToday], 'H', 'OVERLAPS_ENDED'],
    ['other ports on an ended declaration', row(2, { ports: [80], endedOn: TODAY }), [endedToday], 'G', 'ENDED_DESTINATION_CHANGED'],
  ])('refuses %s', (_name, r, endpoints, column, code) => {
    const p = plan([r], endpoints);
    expect(p.rows[0]).toMatchObject({ action: 'error', errors: [{ row: 2, column, code }] });
    expect(p.writes).toEqual({ endChanges: [], portChanges: [], newEndpoints: [] });
  });

  it('applying the plan of a ports change, then planning the same file again: unchanged', () => {
    const first = plan([row(2, { ports: [8443] })], [open]);
    const after = [{ ...open, endedOn: TODAY }, ...first.writes.newEndpoints];
    expect(plan([row(2, { ports: [8443] })], after).rows[0].action).toBe('unchanged');
  });
});

describe('planning a full list', () => {
  const listed = ep('e1');
  const other = ep('e2', { value: 'b.example.jp' });
  const otherAhead = ep('e3', { value: 'c.example.jp', effectiveOn: '2026-06-01' });
  const alreadyEnded = ep('e4', { value: 'd.example.jp', endedOn: '2025-06-01' });
  const otherService = ep('e5', { serviceId: 's2' });

  it('reports the declarations in force or ahead of the named services that the file leaves out, without ending them', () => {
    const p = plan([row(2)], [listed, other, otherAhead, alreadyEnded, otherService], { fullList: true });
    expect(p.missing).toEqual([
      { endpoint: other, endsOn: null },
      { endpoint: otherAhead, endsOn: null },
    ]);
    expect(p.counts).toMatchObject({ unchanged: 1, missing: 2, ended: 0 });
    expect(p.writes.endChanges).toEqual([]);
  });

  it('ends them with endMissingOn (one that starts later ends on its own first day)', () => {
    const p = plan([row(2)], [listed, other, otherAhead], { fullList: true, endMissingOn: '2026-01-01' });
    expect(p.writes.endChanges).toEqual([
      { before: other, endedOn: '2026-01-01' },
      { before: otherAhead, endedOn: '2026-06-01' },
    ]);
    expect(p.counts).toMatchObject({ missing: 2, ended: 2 });
    expect(p.touchedServices).toEqual(['s1']);
  });

  it('without fullList nothing is missing', () => {
    expect(plan([row(2)], [listed, other]).missing).toEqual([]);
  });
});
