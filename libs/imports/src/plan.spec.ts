import { describe, expect, it } from '@jest/globals';
import type { ImportRow } from './parse';
import { planImport, type RegistrySnapshot } from './plan';

const row = (n: number, over: Partial<ImportRow> = {}): ImportRow => ({
  row: n,
  scheme: 'ISMAP',
  registrationNumber: `C-${n}`,
  serviceName: `S${n}`,
  providerName: 'P',
  corporateNumber: null,
  category: null,
  registeredOn: '2023-04-01',
  auditPeriodEnd: '2025-03-31',
  validUntil: null,
  lastConfirmedOn: null,
  status: 'registered',
  scope: [],
  notes: null,
  ...over,
});

const snapshot = (over: Partial<RegistrySnapshot> = {}): RegistrySnapshot => ({
  providers: [{ id: 'p1', name: 'P', corporateNumber: null }],
  services: [{ id: 's1', providerId: 'p1', name: 'S2', category: 'other' }],
  registrations: [
    {
      id: 'r1',
      serviceId: 's1',
      scheme: 'ISMAP',
      registrationNumber: 'C-2',
      registeredOn: '2023-04-01',
      status: 'registered',
      auditPeriodEnd: '2025-03-31',
      validUntil: null,
      lastConfirmedOn: null,
      renewalFiledOn: null,
    },
    {
      id: 'r9',
      serviceId: 's1',
      scheme: 'ISMAP',
      registrationNumber: 'C-9',
      registeredOn: '2023-04-01',
      status: 'registered',
      auditPeriodEnd: '2025-03-31',
      validUntil: null,
      lastConfirmedOn: null,
      renewalFiledOn: null,
    },
  ],
  categories: [{ key: 'other', name: 'その他', nameEn: 'Other' }],
  missingValidityInputs: (_s, i) => (i.auditPeriodEnd || i.validUntil ? [] : ['auditPeriodEnd']),
  ...over,
});

const columns = {
  auditPeriodEnd: { column: 'F', header: '監査対象期間末日' },
  status: { column: 'G', header: '状態' },
  registeredOn: { column: 'E', header: '登録日' },
};
let n = 0;
const options = (fullList = false) => ({ fullList, columns, newId: () => `new-${++n}` });

describe('planImport', () => {
  it('creates, updates field by field, keeps unchanged rows, and reports missing registrations of a full list', () => {
    n = 0;
    const plan = planImport(
      [row(1), row(2, { auditPeriodEnd: '2026-03-31', serviceName: 'S2 改' }), row(3, { serviceName: 'S1' })],
      snapshot(),
      options(true),
    );
    expect(plan.rows.map((r) => [r.row, r.action])).toEqual([
      [1, 'create'],
      [2, 'update'],
      [3, 'create'],
    ]);
    expect(plan.rows[1].changes).toEqual([
      { field: 'serviceName', old: 'S2', new: 'S2 改' },
      { field: 'auditPeriodEnd', old: '2025-03-31', new: '2026-03-31' },
    ]);
    // the existing provider (same name, unique) is reused; one service per name
    expect(plan.writes.newProviders).toEqual([]);
    expect(plan.writes.newServices.map((s) => [s.providerId, s.name])).toEqual([['p1', 'S1']]);
    expect(plan.rows[2].creates).toEqual({ provider: false, service: false });
    expect(plan.missing.map((r) => r.id)).toEqual(['r9']);
    expect(plan.counts).toEqual({ create: 2, update: 1, unchanged: 0, error: 0, missing: 1 });
  });

  it('compares only the columns the file has', () => {
    const plan = planImport([row(2, { auditPeriodEnd: '2025-03-31', lastConfirmedOn: '2025-01-01' })], snapshot(), options());
    expect(plan.rows[0].action).toBe('unchanged');
  });

  it.each([
    [[row(1), row(1)], 'DUPLICATE_ROW', 'F'],
    [[row(1, { auditPeriodEnd: null })], 'MISSING_VALIDITY', 'F'],
    [[row(2, { registeredOn: '2023-04-02' })], 'REGISTERED_ON_CHANGED', 'E'],
    [[row(1, { category: 'nothing' })], 'UNKNOWN_CATEGORY', null],
  ])('rows with errors are named (%#: %s)', (rows, code, column) => {
    const plan = planImport(rows, snapshot(), options());
    const error = plan.rows.flatMap((r) => r.errors).find((e) => e.code === code);
    expect(error).toBeDefined();
    if (code !== 'DUPLICATE_ROW') expect(error!.column).toBe(column);
    expect(plan.counts.error).toBe(1);
  });
});
