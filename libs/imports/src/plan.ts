/**
 * The import plan: what applying a parsed list would change, row by row, computed from the rows
 * and a snapshot of the registry. Pure (no database, no clock): the service loads the snapshot,
 * calls this, and applies the plan in one transaction.
 */
import type { ImportRow, ColumnRef, RowError } from './parse';
import type { RowField } from './layouts';

export interface ExistingProvider {
  id: string;
  name: string;
  corporateNumber: string | null;
}
export interface ExistingService {
  id: string;
  providerId: string;
  name: string;
  /** The category in force on the import day. */
  category: string;
}
/** A registration with the state in force on the import day (or its first state when it starts later). */
export interface ExistingRegistration {
  id: string;
  serviceId: string;
  scheme: string;
  registrationNumber: string;
  registeredOn: string;
  status: string;
  auditPeriodEnd: string | null;
  validUntil: string | null;
  lastConfirmedOn: string | null;
  renewalFiledOn: string | null;
  /** The published scope (対象範囲) text as stored; null when none. */
  scope?: string | null;
  /** The other services it covers (ended links included: endedOn set). */
  coverage?: readonly { serviceId: string; effectiveOn: string; endedOn: string | null }[];
}
export type StateFields = Pick<ExistingRegistration, 'status' | 'auditPeriodEnd' | 'validUntil' | 'lastConfirmedOn'>;

export interface CategoryRef {
  key: string;
  name: string;
  nameEn: string;
}
export interface RegistrySnapshot {
  providers: ExistingProvider[];
  services: ExistingService[];
  registrations: ExistingRegistration[];
  categories: CategoryRef[];
  /** Which validity inputs a scheme needs, by scheme key: returns the missing field names. */
  missingValidityInputs: (
    scheme: string,
    inputs: { registeredOn: string; auditPeriodEnd: string | null; validUntil: string | null },
  ) => string[];
}

export interface FieldChange {
  field: string;
  old: string | null;
  new: string | null;
}

export type RowAction = 'create' | 'update' | 'unchanged' | 'error';

export interface PlannedRow {
  row: number;
  action: RowAction;
  scheme: string;
  registrationNumber: string;
  /** Existing registration, or the id the new one will get. */
  registrationId: string | null;
  serviceId: string | null;
  /** Field by field, old → new (for a creation: null → new). */
  changes: FieldChange[];
  /** What a creation adds besides the registration. */
  creates: { provider: boolean; service: boolean };
  errors: RowError[];
}

/** Writes the plan asks for, keyed so each record is written once. */
export interface PlanWrites {
  newProviders: { id: string; name: string; corporateNumber: string | null }[];
  providerUpdates: { id: string; before: ExistingProvider; name: string; corporateNumber: string | null }[];
  newServices: { id: string; providerId: string; name: string; category: string }[];
  serviceUpdates: { id: string; providerId: string; before: ExistingService; name: string; category: string }[];
  newRegistrations: { id: string; row: ImportRow; serviceId: string }[];
  /** A new state (full) for an existing registration, in force from the import's effective day. */
  newStates: { registrationId: string; before: ExistingRegistration; next: StateFields; row: ImportRow }[];
  /** Scope (対象範囲): the text to store on a changed registration (null clears it). */
  scopes: { registrationId: string; before: ExistingRegistration; scope: string | null }[];
  /**
   * Services a registration's scope gains (covered from the registration's start for a new one, from
   * the import's effective day for an existing one) and loses (ended on the import's effective day).
   */
  coverageAdds: { registrationId: string; serviceId: string; serviceName: string; isNew: boolean }[];
  coverageEnds: { registrationId: string; serviceId: string; serviceName: string }[];
}

export interface ImportPlan {
  rows: PlannedRow[];
  writes: PlanWrites;
  /** Registrations of the listed schemes that the file does not list (full-list imports only). */
  missing: ExistingRegistration[];
  counts: { create: number; update: number; unchanged: number; error: number; missing: number };
}

export interface PlanOptions {
  /** Registrations of the file's schemes absent from the file are reported (`missing`). */
  fullList: boolean;
  /** Id generator for new records (injected: v4 in the service, deterministic in tests). */
  newId: () => string;
  columns: Partial<Record<RowField, ColumnRef>>;
}

const key = (scheme: string, number: string) => `${scheme}\u0000${number}`;

/** A scope list as the import writes it (and compares it): the names in the file's order, `; ` between. */
export const scopeText = (names: readonly string[]): string => names.join('; ');

/** Splits a stored scope text as a list cell is split (`;`, `、`, `,`, new lines; full-width too). */
export const splitScope = (text: string): string[] =>
  text
    .split(/[;；、,，\n]/)
    .map((x) => x.trim())
    .filter((x) => x !== '');

/**
 * The scope of an existing registration as the import compares and exports it: the stored text's
 * names, or (none stored) the names of the services it covers now, by name.
 */
export function scopeNamesOf(r: ExistingRegistration, serviceName: (id: string) => string | undefined): string[] {
  if (r.scope != null) return splitScope(r.scope);
  return openCoverage(r)
    .map((c) => serviceName(c.serviceId) ?? c.serviceId)
    .sort();
}

const openCoverage = (r: ExistingRegistration) => (r.coverage ?? []).filter((c) => c.endedOn === null);

/** Registry fields a row carries, as compared against the state in force. */
const STATE_FIELDS = ['status', 'auditPeriodEnd', 'validUntil', 'lastConfirmedOn'] as const;

export function planImport(rows: ImportRow[], snapshot: RegistrySnapshot, options: PlanOptions): ImportPlan {
  const writes: PlanWrites = {
    newProviders: [],
    providerUpdates: [],
    newServices: [],
    serviceUpdates: [],
    newRegistrations: [],
    newStates: [],
    scopes: [],
    coverageAdds: [],
    coverageEnds: [],
  };
  const providersById = new Map(snapshot.providers.map((p) => [p.id, { ...p }]));
  const providerByCorp = new Map(snapshot.providers.filter((p) => p.corporateNumber).map((p) => [p.corporateNumber!, p.id]));
  const providersByName = new Map<string, string[]>();
  for (const p of snapshot.providers) providersByName.set(p.name, [...(providersByName.get(p.name) ?? []), p.id]);
  const servicesById = new Map(snapshot.services.map((s) => [s.id, { ...s }]));
  const serviceByProviderName = new Map(snapshot.services.map((s) => [`${s.providerId}\u0000${s.name}`, s.id]));
  const registrations = new Map(snapshot.registrations.map((r) => [key(r.scheme, r.registrationNumber), r]));
  const categoryOf = new Map<string, string>();
  for (const c of snapshot.categories)
    for (const name of [c.key, c.name, c.nameEn]) categoryOf.set(name.normalize('NFKC').toLowerCase(), c.key);
  const seen = new Map<string, number>();
  const touchedProviders = new Set<string>();
  const touchedServices = new Set<string>();
  const ref = (field: RowField) => ({ column: options.columns[field]?.column ?? null, header: options.columns[field]?.header ?? field });
  const hasScope = options.columns.scope !== undefined;
  /**
   * The services a row's scope names, of the registration's provider, by exact name (created, like a
   * row's own service, when missing); the registered service itself is always covered and skipped.
   */
  const scopeServices = (row: ImportRow, providerId: string, registeredServiceId: string, category: string | null | undefined) => {
    const found = new Map<string, string>();
    for (const name of row.scope) {
      let id = serviceByProviderName.get(`${providerId}\u0000${name}`);
      if (!id) {
        id = options.newId();
        const s = { id, providerId, name, category: category ?? 'other' };
        writes.newServices.push(s);
        servicesById.set(s.id, s);
        serviceByProviderName.set(`${providerId}\u0000${name}`, id);
      }
      if (id !== registeredServiceId) found.set(id, name);
    }
    return found;
  };

  const planned = rows.map((row): PlannedRow => {
    const base = { row: row.row, scheme: row.scheme, registrationNumber: row.registrationNumber };
    const errors: RowError[] = [];
    const fail = (field: RowField, code: string, message: string) => errors.push({ row: row.row, ...ref(field), code, message });
    const k = key(row.scheme, row.registrationNumber);
    const first = seen.get(k);
    if (first !== undefined) fail('registrationNumber', 'DUPLICATE_ROW', `${row.registrationNumber} is already listed on row ${first}`);
    else seen.set(k, row.row);
    const category = row.category === null ? null : categoryOf.get(row.category.toLowerCase());
    if (row.category !== null && category === undefined)
      fail('category', 'UNKNOWN_CATEGORY', `${row.category} is not a category (GET /v1/categories)`);
    if (row.status === 'registered' || row.status === 'renewal_pending') {
      const missing = snapshot.missingValidityInputs(row.scheme, row);
      if (missing.length > 0) {
        fail(
          missing.includes('auditPeriodEnd') ? 'auditPeriodEnd' : 'validUntil',
          'MISSING_VALIDITY',
          `${row.scheme} needs ${missing.join(' or ')}`,
        );
      }
    }
    const existing = registrations.get(k);
    if (existing && existing.registeredOn !== row.registeredOn) {
      fail('registeredOn', 'REGISTERED_ON_CHANGED', `the registry has ${existing.registeredOn} for this registration; change it by hand`);
    }
    if (errors.length > 0)
      return {
        ...base,
        action: 'error',
        registrationId: null,
        serviceId: null,
        changes: [],
        creates: { provider: false, service: false },
        errors,
      };

    if (existing) {
      const changes: FieldChange[] = [];
      const service = servicesById.get(existing.serviceId)!;
      const provider = providersById.get(service.providerId)!;
      if (provider.name !== row.providerName) changes.push({ field: 'providerName', old: provider.name, new: row.providerName });
      if (row.corporateNumber !== null && provider.corporateNumber !== row.corporateNumber) {
        changes.push({ field: 'corporateNumber', old: provider.corporateNumber, new: row.corporateNumber });
      }
      if (service.name !== row.serviceName) changes.push({ field: 'serviceName', old: service.name, new: row.serviceName });
      if (category && service.category !== category) changes.push({ field: 'category', old: service.category, new: category });
      // only the columns the file has are compared: a list without a validity column keeps the registry's value
      const stateChanges = STATE_FIELDS.filter((f) => options.columns[f] !== undefined && existing[f] !== row[f]).map((f) => ({
        field: f,
        old: existing[f],
        new: row[f],
      }));
      changes.push(...stateChanges);
      if (hasScope) {
        const name = (id: string) => servicesById.get(id)?.name;
        const oldText = scopeText(scopeNamesOf(existing, name));
        const newText = scopeText(row.scope);
        if (oldText !== newText) {
          changes.push({ field: 'scope', old: existing.scope ?? null, new: newText || null });
          writes.scopes.push({ registrationId: existing.id, before: existing, scope: newText || null });
        }
        const open = new Map(openCoverage(existing).map((c) => [c.serviceId, name(c.serviceId) ?? c.serviceId]));
        const wanted = scopeServices(row, service.providerId, service.id, category);
        const names = (m: Map<string, string>) => scopeText([...m.values()].sort());
        if (names(open) !== names(wanted)) {
          changes.push({ field: 'coverage', old: names(open) || null, new: names(wanted) || null });
          for (const [serviceId, serviceName] of wanted)
            if (!open.has(serviceId)) writes.coverageAdds.push({ registrationId: existing.id, serviceId, serviceName, isNew: false });
          for (const [serviceId, serviceName] of open)
            if (!wanted.has(serviceId)) writes.coverageEnds.push({ registrationId: existing.id, serviceId, serviceName });
        }
      }
      if (changes.some((c) => c.field === 'providerName' || c.field === 'corporateNumber') && !touchedProviders.has(provider.id)) {
        touchedProviders.add(provider.id);
        writes.providerUpdates.push({
          id: provider.id,
          before: { ...provider },
          name: row.providerName,
          corporateNumber: row.corporateNumber ?? provider.corporateNumber,
        });
      }
      if (changes.some((c) => c.field === 'serviceName' || c.field === 'category') && !touchedServices.has(service.id)) {
        touchedServices.add(service.id);
        writes.serviceUpdates.push({
          id: service.id,
          providerId: service.providerId,
          before: { ...service },
          name: row.serviceName,
          category: category ?? service.category,
        });
      }
      if (stateChanges.length > 0) {
        const next: StateFields = {
          status: existing.status,
          auditPeriodEnd: existing.auditPeriodEnd,
          validUntil: existing.validUntil,
          lastConfirmedOn: existing.lastConfirmedOn,
        };
        for (const c of stateChanges) next[c.field] = c.new as never;
        writes.newStates.push({ registrationId: existing.id, before: existing, next, row });
      }
      return {
        ...base,
        action: changes.length > 0 ? 'update' : 'unchanged',
        registrationId: existing.id,
        serviceId: service.id,
        changes,
        creates: { provider: false, service: false },
        errors: [],
      };
    }

    // a new registration: find or create its provider (corporate number first, then a unique name) and service
    let providerId = row.corporateNumber ? providerByCorp.get(row.corporateNumber) : undefined;
    if (!providerId) {
      const named = (providersByName.get(row.providerName) ?? []).filter(
        (id) => !row.corporateNumber || providersById.get(id)!.corporateNumber === null,
      );
      if (named.length === 1) providerId = named[0];
    }
    let createsProvider = false;
    if (!providerId) {
      providerId = options.newId();
      createsProvider = true;
      const p = { id: providerId, name: row.providerName, corporateNumber: row.corporateNumber };
      writes.newProviders.push(p);
      providersById.set(p.id, p);
      providersByName.set(p.name, [...(providersByName.get(p.name) ?? []), p.id]);
      if (p.corporateNumber) providerByCorp.set(p.corporateNumber, p.id);
    }
    let serviceId = serviceByProviderName.get(`${providerId}\u0000${row.serviceName}`);
    let createsService = false;
    if (!serviceId) {
      serviceId = options.newId();
      createsService = true;
      const s = { id: serviceId, providerId, name: row.serviceName, category: category ?? 'other' };
      writes.newServices.push(s);
      servicesById.set(s.id, s);
      serviceByProviderName.set(`${providerId}\u0000${s.name}`, s.id);
    }
    const registrationId = options.newId();
    writes.newRegistrations.push({ id: registrationId, row, serviceId });
    const changes: FieldChange[] = [
      { field: 'registeredOn', old: null, new: row.registeredOn },
      ...STATE_FIELDS.filter((f) => row[f] !== null).map((f) => ({ field: f, old: null, new: row[f] })),
    ];
    if (hasScope && row.scope.length > 0) {
      const wanted = scopeServices(row, providerId, serviceId, category);
      changes.push({ field: 'scope', old: null, new: scopeText(row.scope) });
      if (wanted.size > 0) changes.push({ field: 'coverage', old: null, new: scopeText([...wanted.values()].sort()) });
      for (const [id, name] of wanted) writes.coverageAdds.push({ registrationId, serviceId: id, serviceName: name, isNew: true });
    }
    return {
      ...base,
      action: 'create',
      registrationId,
      serviceId,
      changes,
      creates: { provider: createsProvider, service: createsService },
      errors: [],
    };
  });

  const schemes = new Set(rows.map((r) => r.scheme));
  const missing = options.fullList
    ? snapshot.registrations
        .filter((r) => schemes.has(r.scheme) && !seen.has(key(r.scheme, r.registrationNumber)))
        .sort((a, b) => (a.registrationNumber < b.registrationNumber ? -1 : a.registrationNumber > b.registrationNumber ? 1 : 0))
    : [];
  const count = (a: RowAction) => planned.filter((p) => p.action === a).length;
  return {
    rows: planned,
    writes,
    missing,
    counts: {
      create: count('create'),
      update: count('update'),
      unchanged: count('unchanged'),
      error: count('error'),
      missing: missing.length,
    },
  };
}
