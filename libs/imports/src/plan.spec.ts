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

  describe('scope (対象範囲)', () => {
    const withScope = { ...columns, scope: { column: 'H', header: '対象範囲' } };
    const scoped = () => ({ fullList: false, columns: withScope, newId: () => `new-${++n}` });
    // r1 (service s1 "S2") covers s2 "Sub A" now, and covered s3 "Sub B" until 2024-01-01
    const covering = () =>
      snapshot({
        services: [
          { id: 's1', providerId: 'p1', name: 'S2', category: 'other' },
          { id: 's2', providerId: 'p1', name: 'Sub A', category: 'other' },
          { id: 's3', providerId: 'p1', name: 'Sub B', category: 'other' },
        ],
        registrations: [
          {
            ...snapshot().registrations[0],
            scope: 'Sub A',
            coverage: [
              { serviceId: 's2', effectiveOn: '2023-04-01', endedOn: null },
              { serviceId: 's3', effectiveOn: '2023-04-01', endedOn: '2024-01-01' },
            ],
          },
        ],
      });

    it('a new registration covers the listed services of its provider by exact name, creating the missing ones', () => {
      n = 0;
      const plan = planImport([row(1, { scope: ['S1', 'Sub A', 'S2'] })], covering(), scoped());
      // S1 is the registered service itself (always covered); Sub A exists; S2 exists (s1)
      expect(plan.writes.newServices.map((s) => s.name)).toEqual(['S1']);
      const registrationId = plan.writes.newRegistrations[0].id;
      expect(plan.writes.coverageAdds).toEqual([
        { registrationId, serviceId: 's2', serviceName: 'Sub A', isNew: true },
        { registrationId, serviceId: 's1', serviceName: 'S2', isNew: true },
      ]);
      expect(plan.rows[0].changes.filter((c) => c.field === 'scope' || c.field === 'coverage')).toEqual([
        { field: 'scope', old: null, new: 'S1; Sub A; S2' },
        { field: 'coverage', old: null, new: 'S2; Sub A' },
      ]);
    });

    it('the same scope again is unchanged; an ended link does not count', () => {
      const plan = planImport([row(2, { scope: ['Sub A'] })], covering(), scoped());
      expect(plan.rows[0].action).toBe('unchanged');
      expect([plan.writes.coverageAdds, plan.writes.coverageEnds, plan.writes.scopes]).toEqual([[], [], []]);
    });

    it('a sub-service added and one dropped are reported old → new and planned as a link and an end', () => {
      n = 0;
      const plan = planImport([row(2, { scope: ['Sub B', 'Sub C'] })], covering(), scoped());
      expect(plan.rows[0].action).toBe('update');
      expect(plan.rows[0].changes).toEqual([
        { field: 'scope', old: 'Sub A', new: 'Sub B; Sub C' },
        { field: 'coverage', old: 'Sub A', new: 'Sub B; Sub C' },
      ]);
      expect(plan.writes.newServices.map((s) => [s.id, s.providerId, s.name])).toEqual([['new-1', 'p1', 'Sub C']]);
      expect(plan.writes.coverageAdds.map((c) => c.serviceId)).toEqual(['s3', 'new-1']);
      expect(plan.writes.coverageEnds).toEqual([{ registrationId: 'r1', serviceId: 's2', serviceName: 'Sub A' }]);
    });

    it('a file without the 対象範囲 column leaves scope and coverage alone', () => {
      const plan = planImport([row(2, { scope: [] })], covering(), options());
      expect(plan.rows[0].action).toBe('unchanged');
    });
  });
});
