/**
 * What applying a destinations list would change, row by row, from the rows and a snapshot of the
 * catalog. Pure (no database, no clock: `today` and the import's `effectiveOn` are inputs).
 *
 * Key: (service, kind, destination). The service must exist (this layout creates none). A key's
 * declaration in the registry is its open record, else its latest ended one.
 * - none → **create** from the row's 開始日 (default: the import's effectiveOn);
 * - in force (open, or ending after today) → ports and 終了日 compared: a ports change takes effect
 *   on the import's effectiveOn (never before the declaration's own start: then the ports are
 *   replaced from that start) as an end and a new declaration, a changed end is set, moved or
 *   cancelled (an end still ahead); equal → **unchanged**;
 * - ended (on or before today): the same end → unchanged (history is not rewritten: other ports are
 *   an error); otherwise the row declares it again, from a day on or after the old end.
 * `fullList`: declarations in force or ahead of the services the file names that it does not list
 * are `missing`; `endMissingOn` ends them (a declaration starting later ends on its own first day).
 */
import type { ImportEndpoint } from '@app/catalog';
import type { DestinationField, DestinationRow } from './destinations';
import type { ColumnRef, RowError } from './parse';
import type { ExistingProvider, ExistingService, FieldChange, RowAction } from './plan';

export interface DestinationSnapshot {
  providers: ExistingProvider[];
  services: ExistingService[];
  endpoints: ImportEndpoint[];
}

export interface PlannedDestination {
  row: number;
  action: RowAction;
  serviceId: string | null;
  kind: string;
  destination: string;
  /** The declaration the row matched, or the id of the one it creates. */
  endpointId: string | null;
  /** Field by field, old → new (for a creation: null → new). */
  changes: FieldChange[];
  errors: RowError[];
}

export interface DestinationWrites {
  endChanges: { before: ImportEndpoint; endedOn: string | null }[];
  portChanges: { before: ImportEndpoint; ports: number[] }[];
  newEndpoints: ImportEndpoint[];
}

export interface MissingDestination {
  endpoint: ImportEndpoint;
  /** The end this import gives it (endMissingOn), or null when it is only reported. */
  endsOn: string | null;
}

export interface DestinationPlan {
  rows: PlannedDestination[];
  writes: DestinationWrites;
  missing: MissingDestination[];
  /** Services the writes touch (sorted): their decisions are compared before and after. */
  touchedServices: string[];
  counts: { create: number; update: number; unchanged: number; error: number; missing: number; ended: number };
}

export interface DestinationPlanOptions {
  fullList: boolean;
  /** Ends the missing declarations from this day (full lists only). */
  endMissingOn: string | null;
  /** The day changes take effect (a new declaration without 開始日 starts on it). */
  effectiveOn: string;
  /** The import day: what is "in force". */
  today: string;
  newId: () => string;
  columns: Partial<Record<DestinationField, ColumnRef>>;
}

const keyOf = (serviceId: string, kind: string, value: string) => `${serviceId}\u0000${kind}\u0000${value}`;
const portsText = (ports: readonly number[]) => (ports.length === 0 ? null : ports.join(';'));
const samePorts = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((p, i) => p === b[i]);
const maxDate = (a: string, b: string) => (a > b ? a : b);

/** The record that speaks for a key: the open one, else the one that ended last. */
function currentOf(records: ImportEndpoint[]): ImportEndpoint | undefined {
  return (
    records.find((r) => r.endedOn === null) ??
    [...records].sort((a, b) => (a.endedOn! < b.endedOn! ? 1 : a.endedOn! > b.endedOn! ? -1 : a.effectiveOn < b.effectiveOn ? 1 : -1))[0]
  );
}

export function planDestinationImport(
  rows: DestinationRow[],
  snapshot: DestinationSnapshot,
  options: DestinationPlanOptions,
): DestinationPlan {
  const writes: DestinationWrites = { endChanges: [], portChanges: [], newEndpoints: [] };
  const servicesById = new Map(snapshot.services.map((s) => [s.id, s]));
  const providerByCorp = new Map(snapshot.providers.filter((p) => p.corporateNumber).map((p) => [p.corporateNumber!, p.id]));
  const providersByName = new Map<string, string[]>();
  for (const p of snapshot.providers) providersByName.set(p.name, [...(providersByName.get(p.name) ?? []), p.id]);
  const servicesByProviderName = new Map<string, string[]>();
  for (const s of snapshot.services) {
    const k = `${s.providerId}\u0000${s.name}`;
    servicesByProviderName.set(k, [...(servicesByProviderName.get(k) ?? []), s.id]);
  }
  const recordsByKey = new Map<string, ImportEndpoint[]>();
  for (const e of snapshot.endpoints) {
    const k = keyOf(e.serviceId, e.kind, e.value);
    recordsByKey.set(k, [...(recordsByKey.get(k) ?? []), e]);
  }
  const seen = new Map<string, number>();
  const named = new Set<string>();
  const ref = (field: DestinationField) => ({
    column: options.columns[field]?.column ?? null,
    header: options.columns[field]?.header ?? field,
  });

  /** The service a row names: its id wins; else (corporate number or unique name of the provider, then the service name). */
  const resolve = (row: DestinationRow, fail: (field: DestinationField, code: string, message: string) => void): string | null => {
    if (row.serviceId !== null) {
      if (servicesById.has(row.serviceId)) return row.serviceId;
      fail('serviceId', 'UNKNOWN_SERVICE', `no service has the id ${row.serviceId} (this layout creates no services)`);
      return null;
    }
    let providerIds: string[];
    if (row.corporateNumber !== null) {
      const id = providerByCorp.get(row.corporateNumber);
      providerIds = id ? [id] : [];
      if (!id) fail('corporateNumber', 'UNKNOWN_PROVIDER', `no provider has the corporate number ${row.corporateNumber}`);
    } else {
      providerIds = providersByName.get(row.providerName!) ?? [];
      if (providerIds.length === 0) fail('providerName', 'UNKNOWN_PROVIDER', `no provider is named ${row.providerName}`);
      if (providerIds.length > 1)
        fail(
          'providerName',
          'AMBIGUOUS_PROVIDER',
          `${providerIds.length} providers are named ${row.providerName}: add 法人番号 or サービスID`,
        );
    }
    if (providerIds.length !== 1) return null;
    const services = servicesByProviderName.get(`${providerIds[0]}\u0000${row.serviceName}`) ?? [];
    if (services.length === 1) return services[0];
    if (services.length === 0)
      fail('serviceName', 'UNKNOWN_SERVICE', `the provider has no service named ${row.serviceName} (this layout creates no services)`);
    else fail('serviceName', 'AMBIGUOUS_SERVICE', `the provider has ${services.length} services named ${row.serviceName}: add サービスID`);
    return null;
  };

  const planned = rows.map((row): PlannedDestination => {
    const errors: RowError[] = [];
    const fail = (field: DestinationField, code: string, message: string) => errors.push({ row: row.row, ...ref(field), code, message });
    const serviceId = resolve(row, fail);
    const base = { row: row.row, serviceId, kind: row.kind, destination: row.value, errors: [] as RowError[] };
    const failed = (): PlannedDestination => ({ ...base, action: 'error', endpointId: null, changes: [], errors });
    if (serviceId === null) return failed();
    named.add(serviceId);
    const k = keyOf(serviceId, row.kind, row.value);
    const first = seen.get(k);
    if (first !== undefined) fail('destination', 'DUPLICATE_ROW', `${row.value} of this service is already listed on row ${first}`);
    else seen.set(k, row.row);
    if (errors.length > 0) return failed();

    const current = currentOf(recordsByKey.get(k) ?? []);
    const ended = current !== undefined && current.endedOn !== null && current.endedOn <= options.today;

    if (current && ended && row.endedOn === current.endedOn) {
      if (!samePorts(current.ports, row.ports)) {
        fail(
          'ports',
          'ENDED_DESTINATION_CHANGED',
          `the registry's declaration ended on ${current.endedOn} with ports ${portsText(current.ports) ?? '(any)'}; history is not rewritten`,
        );
        return failed();
      }
      return { ...base, action: 'unchanged', endpointId: current.id, changes: [] };
    }

    if (!current || ended) {
      // a new declaration (or a declaration again after an end)
      const start = row.effectiveOn ?? options.effectiveOn;
      if (current && start < current.endedOn!) {
        fail(
          row.effectiveOn === null ? 'destination' : 'effectiveOn',
          'OVERLAPS_ENDED',
          `the registry's declaration of ${row.value} ended on ${current.endedOn}; a new one cannot start before that (${start})`,
        );
      }
      if (row.endedOn !== null && row.endedOn < start)
        fail('endedOn', 'END_BEFORE_START', `a destination cannot end (${row.endedOn}) before it takes effect (${start})`);
      if (errors.length > 0) return failed();
      const created: ImportEndpoint = {
        id: options.newId(),
        serviceId,
        kind: row.kind,
        value: row.value,
        ports: row.ports,
        purpose: row.notes,
        effectiveOn: start,
        endedOn: row.endedOn,
      };
      writes.newEndpoints.push(created);
      const changes: FieldChange[] = [
        { field: 'destination', old: null, new: row.value },
        ...(row.ports.length > 0 ? [{ field: 'ports', old: null, new: portsText(row.ports) }] : []),
        { field: 'effectiveOn', old: null, new: start },
        ...(row.endedOn !== null ? [{ field: 'endedOn', old: null, new: row.endedOn }] : []),
      ];
      return { ...base, action: 'create', endpointId: created.id, changes };
    }

    // declared and in force: ports and end compared
    const changes: FieldChange[] = [];
    const portsChange = !samePorts(current.ports, row.ports);
    if (portsChange) changes.push({ field: 'ports', old: portsText(current.ports), new: portsText(row.ports) });
    if (row.endedOn !== current.endedOn) changes.push({ field: 'endedOn', old: current.endedOn, new: row.endedOn });
    if (changes.length === 0) return { ...base, action: 'unchanged', endpointId: current.id, changes };
    const from = portsChange ? maxDate(options.effectiveOn, current.effectiveOn) : current.effectiveOn;
    if (row.endedOn !== null && row.endedOn < from) {
      fail('endedOn', 'END_BEFORE_START', `a destination cannot end (${row.endedOn}) before it takes effect (${from})`);
      return failed();
    }
    if (!portsChange || from === current.effectiveOn) {
      // nothing before `from` changes: the declaration's own record is corrected
      if (portsChange) writes.portChanges.push({ before: current, ports: row.ports });
      if (row.endedOn !== current.endedOn) writes.endChanges.push({ before: current, endedOn: row.endedOn });
      return { ...base, action: 'update', endpointId: current.id, changes };
    }
    // the old ports stay for the days before `from`: ended there, declared again with the new ports
    if (current.endedOn === null || current.endedOn > from) writes.endChanges.push({ before: current, endedOn: from });
    const next: ImportEndpoint = {
      id: options.newId(),
      serviceId,
      kind: row.kind,
      value: row.value,
      ports: row.ports,
      purpose: row.notes ?? current.purpose,
      effectiveOn: from,
      endedOn: row.endedOn,
    };
    writes.newEndpoints.push(next);
    return { ...base, action: 'update', endpointId: next.id, changes };
  });

  const listed = new Set(seen.keys());
  const missing: MissingDestination[] = options.fullList
    ? snapshot.endpoints
        .filter(
          (e) =>
            named.has(e.serviceId) && (e.endedOn === null || e.endedOn > options.today) && !listed.has(keyOf(e.serviceId, e.kind, e.value)),
        )
        .sort((a, b) => (keyOf(a.serviceId, a.kind, a.value) < keyOf(b.serviceId, b.kind, b.value) ? -1 : 1))
        .map((endpoint) => {
          const end = options.endMissingOn === null ? null : maxDate(options.endMissingOn, endpoint.effectiveOn);
          return { endpoint, endsOn: end !== null && (endpoint.endedOn === null || endpoint.endedOn > end) ? end : null };
        })
    : [];
  for (const m of missing) if (m.endsOn !== null) writes.endChanges.push({ before: m.endpoint, endedOn: m.endsOn });

  const touchedServices = [
    ...new Set(
      [...writes.endChanges, ...writes.portChanges].map((w) => w.before.serviceId).concat(writes.newEndpoints.map((e) => e.serviceId)),
    ),
  ].sort();
  const count = (a: RowAction) => planned.filter((p) => p.action === a).length;
  return {
    rows: planned,
    writes,
    missing,
    touchedServices,
    counts: {
      create: count('create'),
      update: count('update'),
      unchanged: count('unchanged'),
      error: count('error'),
      missing: missing.length,
      ended: missing.filter((m) => m.endsOn !== null).length,
    },
  };
}
