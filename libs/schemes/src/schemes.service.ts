import { Injectable } from '@nestjs/common';
import {
  missingValidityInputs as missingInputs,
  registrationEndOn,
  registrationStateOn,
  type RegistrationFacts,
  type RegistrationStatus,
  type ValidityRule,
} from '@app/eligibility-engine';
import { RegistryWriter, type WriteTx } from '@app/ledger';
import { CatalogService } from '@app/catalog';
import { type Actor, assertIfMatch, decodeCursor, type Page, strongEtag, toPage, validationFailed, Versioned } from '@app/shared';
import {
  CreateCoverageDto,
  CreateRegistrationDto,
  EndCoverageDto,
  RegistrationResponseDto,
  SchemeDto,
  UpdateRegistrationDto,
} from './dto/registration.dto';
import type { RegistrationStateEntity } from './entities/registration-state.entity';
import type { SchemeRegistrationEntity } from './entities/scheme-registration.entity';
import {
  coverageNotFound,
  coverageOtherProvider,
  coverageOverlap,
  duplicateRegistration,
  emptyUpdate,
  missingValidityInputs,
  registrationNotFound,
  unknownScheme,
} from './schemes.errors';
import { type RegistrationWithStates, SchemesRepository } from './schemes.repository';

/** The engine's view of a stored registration. */
export function toRegistrationFacts(r: SchemeRegistrationEntity, states: RegistrationStateEntity[], rule: ValidityRule): RegistrationFacts {
  return {
    id: r.id,
    scheme: r.scheme,
    rule,
    registeredOn: r.registeredOn,
    history: states.map((s) => ({
      status: s.status,
      effectiveOn: s.effectiveOn,
      auditPeriodEnd: s.auditPeriodEnd,
      validUntil: s.validUntil,
      renewalFiledOn: s.renewalFiledOn,
      lastConfirmedOn: s.lastConfirmedOn,
    })),
  };
}

function toRegistrationResponse(
  { registration: r, states, scheme, coverage }: RegistrationWithStates,
  today: string,
  listedFor?: string,
): RegistrationResponseDto {
  const facts = toRegistrationFacts(r, states, scheme.validityRule);
  const now = registrationStateOn(facts, today);
  // "until when" is shown as soon as it is known: before registeredOn from the first state, and cut
  // the day before a state recorded ahead that ends it (revoked, withdrawn, … from a later date)
  const at = today < r.registeredOn ? r.registeredOn : today;
  const stateAt = at === today ? now : registrationStateOn(facts, at);
  const knownEnd = registrationEndOn(facts, at);
  // Before registeredOn (a future registration) describe the first state; otherwise the state in force.
  const shown = [...states].reverse().find((s) => s.effectiveOn <= today) ?? states[0];
  return {
    id: r.id,
    serviceId: r.serviceId,
    scheme: r.scheme,
    registrationNumber: r.registrationNumber,
    registeredOn: r.registeredOn,
    status: now.status,
    auditPeriodEnd: shown?.auditPeriodEnd ?? null,
    validUntil: knownEnd ?? stateAt.validUntil,
    validUntilSource: shown?.validUntil ? 'explicit' : (knownEnd ?? stateAt.validUntil) ? 'computed' : 'none',
    renewalFiledOn: shown?.renewalFiledOn ?? null,
    lastConfirmedOn: shown?.lastConfirmedOn ?? null,
    inEffect: now.inEffect,
    source: r.source,
    scope: r.scope,
    coverage: [...coverage]
      .sort((a, b) => (a.serviceId !== b.serviceId ? (a.serviceId < b.serviceId ? -1 : 1) : a.effectiveOn < b.effectiveOn ? -1 : 1))
      .map((c) => ({ serviceId: c.serviceId, effectiveOn: c.effectiveOn, endedOn: c.endedOn })),
    ...(listedFor === undefined ? {} : { coveredVia: listedFor === r.serviceId ? ('registration' as const) : ('coverage' as const) }),
    history: states.map((s) => ({
      status: s.status,
      effectiveOn: s.effectiveOn,
      auditPeriodEnd: s.auditPeriodEnd,
      validUntil: s.validUntil,
      renewalFiledOn: s.renewalFiledOn,
      lastConfirmedOn: s.lastConfirmedOn,
      note: s.note,
      recordedAt: s.recordedAt.toISOString(),
    })),
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** A registration's state as an import reads and writes it. */
export interface ImportedState {
  status: RegistrationStatus;
  auditPeriodEnd: string | null;
  validUntil: string | null;
  lastConfirmedOn: string | null;
}

/** A registration as an import plans against it: the state in force on the import day (or its first). */
export interface ImportedRegistration extends ImportedState {
  id: string;
  serviceId: string;
  scheme: string;
  registrationNumber: string;
  registeredOn: string;
  renewalFiledOn: string | null;
  scope: string | null;
  /** The other services it covers, ended links included. */
  coverage: { serviceId: string; effectiveOn: string; endedOn: string | null }[];
}

/** What an import writes to registrations (planned by @app/imports). */
export interface SchemesImportWrites {
  newRegistrations: {
    id: string;
    serviceId: string;
    scheme: string;
    registrationNumber: string;
    registeredOn: string;
    state: ImportedState;
    note: string | null;
    scope: string | null;
  }[];
  /** A new full state from the import's effective day (never before the registration's own start). */
  newStates: { before: ImportedRegistration; next: ImportedState; note: string | null }[];
  /** Registrations missing from a full list that the admin asked to end: `withdrawn` from `endOn`. */
  ends: { before: ImportedRegistration; endOn: string }[];
  /** A changed scope text (null clears it). */
  scopes: { before: ImportedRegistration; scope: string | null }[];
  /** Services a registration's scope gains: from its registeredOn when it is new, else from the import's effective day. */
  coverageAdds: { registrationId: string; serviceId: string; registeredOn: string | null }[];
  /** Services it no longer covers: their open link ends on the import's effective day. */
  coverageEnds: { registrationId: string; serviceId: string }[];
}

const registrationEtag = (r: { id: string; version: number }) => strongEtag('registration', r.id, r.version);

/** The services a registration's scope reaches (ended links included: a state change rewrites their past too). */
const coveredServices = (r: Pick<RegistrationWithStates, 'coverage'>): string[] => [...new Set(r.coverage.map((c) => c.serviceId))].sort();

@Injectable()
export class SchemesService {
  constructor(
    private readonly writer: RegistryWriter,
    private readonly repo: SchemesRepository,
    private readonly catalog: CatalogService,
  ) {}

  /** Every scheme key (to check references to them). */
  schemeKeys(tx?: WriteTx): Promise<string[]> {
    return this.repo.schemeKeys(tx);
  }

  async listSchemes(): Promise<SchemeDto[]> {
    const rows = await this.repo.listSchemes();
    return rows.map(({ key, name, nameEn, validityRule, numberPattern, source }) => ({
      key,
      name,
      nameEn,
      validityRule: { ...validityRule },
      numberPattern,
      source,
    }));
  }

  /** `today` is the request's day in Asia/Tokyo (the default registeredOn, and the day the view describes). */
  async create(actor: Actor, serviceId: string, dto: CreateRegistrationDto, today: string): Promise<Versioned<RegistrationResponseDto>> {
    const registeredOn = dto.registeredOn ?? today;
    return this.writer.transaction(actor, async (tx) => {
      await this.catalog.lockService(tx, serviceId);
      const scheme = await this.repo.findScheme(dto.scheme, tx);
      if (!scheme) throw unknownScheme(dto.scheme);
      const missing = missingInputs(scheme.validityRule, { registeredOn, auditPeriodEnd: dto.auditPeriodEnd, validUntil: dto.validUntil });
      if (missing.length > 0) throw missingValidityInputs(scheme.key, missing);
      if (await this.repo.numberTaken(tx, dto.scheme, dto.registrationNumber))
        throw duplicateRegistration(dto.scheme, dto.registrationNumber);
      const registration = await this.repo.insertRegistration(tx, {
        serviceId,
        scheme: dto.scheme,
        registrationNumber: dto.registrationNumber,
        registeredOn,
        source: dto.source ?? 'manual',
        scope: dto.scope ?? null,
      });
      await this.repo.insertState(tx, {
        registrationId: registration.id,
        status: dto.status,
        effectiveOn: registeredOn,
        auditPeriodEnd: dto.auditPeriodEnd ?? null,
        validUntil: dto.validUntil ?? null,
        renewalFiledOn: dto.renewalFiledOn ?? (dto.status === 'renewal_pending' ? registeredOn : null),
        lastConfirmedOn: dto.lastConfirmedOn ?? null,
        note: null,
      });
      const view = await this.load(tx, registration.id, today);
      tx.audit({ action: 'registration.created', subjectType: 'registration', subjectId: registration.id, before: null, after: view });
      tx.emit({
        type: 'registration.created',
        subjectType: 'registration',
        subjectId: registration.id,
        serviceId,
        data: {
          registrationId: registration.id,
          serviceId,
          scheme: dto.scheme,
          registrationNumber: dto.registrationNumber,
          status: dto.status,
          validUntil: view.validUntil,
        },
      });
      return new Versioned(view, registrationEtag(registration));
    });
  }

  async get(id: string, today: string): Promise<Versioned<RegistrationResponseDto>> {
    const found = await this.repo.findWithStates(id);
    if (!found) throw registrationNotFound(id);
    return new Versioned(toRegistrationResponse(found, today), registrationEtag(found.registration));
  }

  async listForService(
    serviceId: string,
    cursor: string | undefined,
    limit: number,
    today: string,
  ): Promise<Page<RegistrationResponseDto>> {
    await this.catalog.assertServiceExists(serviceId);
    const after = decodeCursor(cursor, ['text', 'date', 'uuid']) as [string, string, string] | null;
    const rows = await this.repo.listForService(serviceId, after, limit);
    return toPage(
      rows,
      limit,
      (r) => toRegistrationResponse(r, today, serviceId),
      (r) => [r.registration.scheme, r.registration.registeredOn, r.registration.id],
    );
  }

  async update(
    actor: Actor,
    id: string,
    dto: UpdateRegistrationDto,
    ifMatch: string | undefined,
    today: string,
  ): Promise<Versioned<RegistrationResponseDto>> {
    const stateFields = ['status', 'auditPeriodEnd', 'validUntil', 'renewalFiledOn', 'lastConfirmedOn'] as const;
    const changesState = stateFields.some((f) => dto[f] !== undefined);
    if (!changesState && dto.registrationNumber === undefined && dto.scope === undefined) throw emptyUpdate();
    if (dto.status === null) throw validationFailed('status cannot be cleared', [{ pointer: '/status', detail: 'must not be null' }]);
    // a renewal filing counts from its filing date: that is the state's default effectiveOn
    const effectiveOn = dto.effectiveOn ?? (dto.status === 'renewal_pending' && dto.renewalFiledOn ? dto.renewalFiledOn : today);
    return this.writer.transaction(actor, async (tx) => {
      const registration = await this.repo.lockRegistration(tx, id);
      if (!registration) throw registrationNotFound(id);
      assertIfMatch(ifMatch, registrationEtag(registration));
      const found = (await this.repo.findWithStates(id, tx))!;
      const before = toRegistrationResponse(found, today);
      if (dto.registrationNumber !== undefined && dto.registrationNumber !== registration.registrationNumber) {
        if (await this.repo.numberTaken(tx, registration.scheme, dto.registrationNumber, id)) {
          throw duplicateRegistration(registration.scheme, dto.registrationNumber);
        }
        registration.registrationNumber = dto.registrationNumber;
      }
      if (dto.scope !== undefined) registration.scope = dto.scope;
      if (changesState) {
        if (effectiveOn < registration.registeredOn) {
          throw validationFailed('a change cannot take effect before the registration exists', [
            { pointer: '/effectiveOn', detail: `must be on or after registeredOn ${registration.registeredOn}` },
          ]);
        }
        // the new state starts from the state in force on effectiveOn, with the sent fields changed
        const base = [...found.states].reverse().find((s) => s.effectiveOn <= effectiveOn) ?? found.states[0];
        const pick = <K extends (typeof stateFields)[number]>(k: K) => (dto[k] !== undefined ? dto[k] : base[k]);
        const status = pick('status');
        // A new audit period starts a new validity: an explicit end given for the old one does not
        // carry over, and a renewal decided (back to `registered`) closes the pending filing.
        const newPeriod = dto.auditPeriodEnd !== undefined && dto.auditPeriodEnd !== base.auditPeriodEnd;
        const renewalDecided = base.status === 'renewal_pending' && status === 'registered';
        const next = {
          registrationId: id,
          status,
          effectiveOn,
          auditPeriodEnd: pick('auditPeriodEnd') ?? null,
          validUntil: (newPeriod && dto.validUntil === undefined ? null : pick('validUntil')) ?? null,
          renewalFiledOn:
            ((newPeriod || renewalDecided) && dto.renewalFiledOn === undefined ? null : pick('renewalFiledOn')) ??
            (status === 'renewal_pending' ? effectiveOn : null),
          lastConfirmedOn: pick('lastConfirmedOn') ?? null,
          note: dto.note ?? null,
        };
        const missing = missingInputs(found.scheme.validityRule, { registeredOn: registration.registeredOn, ...next });
        if (missing.length > 0 && (status === 'registered' || status === 'renewal_pending')) {
          throw missingValidityInputs(registration.scheme, missing);
        }
        await this.repo.insertState(tx, next);
        if (status !== base.status) {
          tx.emit({
            type: 'registration.status_changed',
            subjectType: 'registration',
            subjectId: id,
            serviceId: registration.serviceId,
            data: {
              registrationId: id,
              serviceId: registration.serviceId,
              scheme: registration.scheme,
              from: base.status,
              to: status,
              effectiveOn,
            },
          });
        }
      }
      registration.version += 1;
      await this.repo.saveRegistration(tx, registration);
      const after = await this.load(tx, id, today);
      // a state change reaches every service the registration covers (registry_changes names them all)
      tx.audit({
        action: 'registration.updated',
        subjectType: 'registration',
        subjectId: id,
        before,
        after,
        alsoServiceIds: coveredServices(found),
      });
      return new Versioned(after, registrationEtag(registration));
    });
  }

  // ---- coverage (scope) ------------------------------------------------------------------------

  /**
   * Adds a service of the registration's provider to its scope from `effectiveOn` (default today).
   * The registered service is always covered; a service already covered on an overlapping period
   * is a 409, a service of another provider a 422. Bumps the registration's version.
   */
  async addCoverage(actor: Actor, id: string, dto: CreateCoverageDto, today: string): Promise<Versioned<RegistrationResponseDto>> {
    const effectiveOn = dto.effectiveOn ?? today;
    return this.writer.transaction(actor, async (tx) => {
      const registration = await this.repo.lockRegistration(tx, id);
      if (!registration) throw registrationNotFound(id);
      const covered = await this.catalog.lockService(tx, dto.serviceId);
      if (dto.serviceId === registration.serviceId) throw coverageOverlap(dto.serviceId, 'the registered service is always covered');
      const registered = await this.catalog.lockService(tx, registration.serviceId);
      if (covered.providerId !== registered.providerId) throw coverageOtherProvider(dto.serviceId);
      // the new link is open-ended: it overlaps any link not ended by effectiveOn
      const clash = (await this.repo.coverageOf(tx, id, dto.serviceId)).find((c) => c.endedOn === null || c.endedOn > effectiveOn);
      if (clash)
        throw coverageOverlap(dto.serviceId, `covered from ${clash.effectiveOn}${clash.endedOn ? ` until before ${clash.endedOn}` : ''}`);
      const link = await this.repo.insertCoverage(tx, { registrationId: id, serviceId: dto.serviceId, effectiveOn });
      await this.repo.bumpVersions(tx, [id]);
      tx.audit({
        action: 'registration.coverage_added',
        subjectType: 'registration_coverage',
        subjectId: link.id,
        before: null,
        after: { registrationId: id, serviceId: dto.serviceId, effectiveOn, endedOn: null },
      });
      return this.versioned(tx, id, today);
    });
  }

  /** Ends a service's open coverage on `endedOn` (the first day not covered; default today). Needs If-Match. */
  async endCoverage(
    actor: Actor,
    id: string,
    serviceId: string,
    dto: EndCoverageDto,
    ifMatch: string | undefined,
    today: string,
  ): Promise<Versioned<RegistrationResponseDto>> {
    const endedOn = dto.endedOn ?? today;
    return this.writer.transaction(actor, async (tx) => {
      const registration = await this.repo.lockRegistration(tx, id);
      if (!registration) throw registrationNotFound(id);
      assertIfMatch(ifMatch, registrationEtag(registration));
      const open = (await this.repo.coverageOf(tx, id, serviceId)).find((c) => c.endedOn === null);
      if (!open) throw coverageNotFound(id, serviceId);
      if (endedOn < open.effectiveOn) {
        throw validationFailed('a coverage cannot end before it starts', [
          { pointer: '/endedOn', detail: `must be on or after the coverage's effectiveOn ${open.effectiveOn}` },
        ]);
      }
      await this.repo.endCoverage(tx, open.id, endedOn);
      await this.repo.bumpVersions(tx, [id]);
      tx.audit({
        action: 'registration.coverage_ended',
        subjectType: 'registration_coverage',
        subjectId: open.id,
        before: { registrationId: id, serviceId, effectiveOn: open.effectiveOn, endedOn: null },
        after: { registrationId: id, serviceId, effectiveOn: open.effectiveOn, endedOn },
      });
      return this.versioned(tx, id, today);
    });
  }

  private async versioned(tx: WriteTx, id: string, today: string): Promise<Versioned<RegistrationResponseDto>> {
    const found = (await this.repo.findWithStates(id, tx))!;
    return new Versioned(toRegistrationResponse(found, today), registrationEtag(found.registration));
  }

  // ---- imports ---------------------------------------------------------------------------------

  /** Every registration with the state in force on `today`, and a check of each scheme's validity inputs. */
  async importSnapshot(tx: Pick<WriteTx, 'em'>, today: string) {
    const rows = await this.repo.allWithStates(tx);
    const schemes = await this.repo.listSchemes(tx);
    const registrations: ImportedRegistration[] = rows.map(({ registration: r, states, coverage }) => {
      const s = [...states].reverse().find((x) => x.effectiveOn <= today) ?? states[0];
      return {
        id: r.id,
        serviceId: r.serviceId,
        scheme: r.scheme,
        registrationNumber: r.registrationNumber,
        registeredOn: r.registeredOn,
        status: s.status,
        auditPeriodEnd: s.auditPeriodEnd,
        validUntil: s.validUntil,
        lastConfirmedOn: s.lastConfirmedOn,
        renewalFiledOn: s.renewalFiledOn,
        scope: r.scope,
        coverage: coverage.map((c) => ({ serviceId: c.serviceId, effectiveOn: c.effectiveOn, endedOn: c.endedOn })),
      };
    });
    const rules = new Map(schemes.map((x) => [x.key, x.validityRule]));
    const missingValidityInputs = (
      scheme: string,
      inputs: { registeredOn: string; auditPeriodEnd: string | null; validUntil: string | null },
    ) => {
      const rule = rules.get(scheme);
      return rule ? missingInputs(rule, inputs) : ['scheme'];
    };
    return { registrations, missingValidityInputs };
  }

  /**
   * Writes an import's registrations inside its transaction, in a few statements: new registrations
   * with their first state, a new dated state for each changed one, and the ends the admin asked for.
   * One audit event per registration and the same domain events as the single-record API.
   */
  async applyImport(tx: WriteTx, writes: SchemesImportWrites, effectiveOn: string, source: string): Promise<void> {
    await this.repo.insertRegistrations(
      tx,
      writes.newRegistrations.map(({ id, serviceId, scheme, registrationNumber, registeredOn, scope }) => ({
        id,
        serviceId,
        scheme,
        registrationNumber,
        registeredOn,
        source,
        scope,
      })),
    );
    await this.repo.setScopes(
      tx,
      writes.scopes.map((w) => ({ id: w.before.id, scope: w.scope })),
    );
    const coverageAdds = writes.coverageAdds.map((c) => ({
      registrationId: c.registrationId,
      serviceId: c.serviceId,
      effectiveOn: c.registeredOn ?? effectiveOn,
    }));
    await this.repo.endCoverages(
      tx,
      writes.coverageEnds.map((c) => ({ ...c, endedOn: effectiveOn })),
    );
    await this.repo.insertCoverages(tx, coverageAdds);
    const states = [
      ...writes.newRegistrations.map((r) => ({
        registrationId: r.id,
        ...r.state,
        effectiveOn: r.registeredOn,
        renewalFiledOn: r.state.status === 'renewal_pending' ? r.registeredOn : null,
        note: r.note,
      })),
      ...writes.newStates.map(({ before, next, note }) => {
        const on = effectiveOn < before.registeredOn ? before.registeredOn : effectiveOn;
        // a pending filing carries over while the period stays; a new period or a decided renewal closes it
        const samePeriod = next.auditPeriodEnd === before.auditPeriodEnd && next.validUntil === before.validUntil;
        const renewalFiledOn =
          next.status === 'renewal_pending'
            ? (before.renewalFiledOn ?? on)
            : samePeriod && next.status === before.status
              ? before.renewalFiledOn
              : null;
        return { registrationId: before.id, ...next, effectiveOn: on, renewalFiledOn, note };
      }),
      ...writes.ends.map(({ before, endOn }) => ({
        registrationId: before.id,
        status: 'withdrawn' as const,
        effectiveOn: endOn < before.registeredOn ? before.registeredOn : endOn,
        auditPeriodEnd: before.auditPeriodEnd,
        validUntil: before.validUntil,
        renewalFiledOn: null,
        lastConfirmedOn: before.lastConfirmedOn,
        note: 'not on the imported full list',
      })),
    ];
    await this.repo.insertStates(tx, states);
    const newIds = new Set(writes.newRegistrations.map((r) => r.id));
    await this.repo.bumpVersions(tx, [
      ...new Set([
        ...writes.newStates.map((w) => w.before.id),
        ...writes.ends.map((w) => w.before.id),
        ...writes.scopes.map((w) => w.before.id),
        ...writes.coverageAdds.filter((c) => !newIds.has(c.registrationId)).map((c) => c.registrationId),
        ...writes.coverageEnds.map((c) => c.registrationId),
      ]),
    ]);
    // one audit event per link (it names the covered service, so registry_changes does too)
    for (const c of coverageAdds) {
      tx.audit({
        action: 'registration.coverage_added',
        subjectType: 'registration_coverage',
        subjectId: `${c.registrationId}/${c.serviceId}`,
        before: null,
        after: { ...c, endedOn: null, source },
      });
    }
    for (const c of writes.coverageEnds) {
      tx.audit({
        action: 'registration.coverage_ended',
        subjectType: 'registration_coverage',
        subjectId: `${c.registrationId}/${c.serviceId}`,
        before: { ...c, endedOn: null },
        after: { ...c, endedOn: effectiveOn, source },
      });
    }
    for (const w of writes.scopes) {
      tx.audit({
        action: 'registration.updated',
        subjectType: 'registration',
        subjectId: w.before.id,
        before: { serviceId: w.before.serviceId, scope: w.before.scope },
        after: { serviceId: w.before.serviceId, scope: w.scope, source },
      });
    }
    for (const r of writes.newRegistrations) {
      tx.audit({ action: 'registration.created', subjectType: 'registration', subjectId: r.id, before: null, after: { ...r, source } });
      tx.emit({
        type: 'registration.created',
        subjectType: 'registration',
        subjectId: r.id,
        serviceId: r.serviceId,
        data: {
          registrationId: r.id,
          serviceId: r.serviceId,
          scheme: r.scheme,
          registrationNumber: r.registrationNumber,
          status: r.state.status,
          validUntil: r.state.validUntil,
        },
      });
    }
    const changed = [
      ...writes.newStates.map((w) => ({ before: w.before, status: w.next.status, after: { ...w.next, effectiveOn, source } })),
      ...writes.ends.map((w) => ({
        before: w.before,
        status: 'withdrawn' as const,
        after: { status: 'withdrawn', effectiveOn: w.endOn, source },
      })),
    ];
    for (const { before, status, after } of changed) {
      // a state change reaches every service the registration covers (registry_changes names them all)
      const alsoServiceIds = [...new Set(before.coverage.map((c) => c.serviceId))].sort();
      tx.audit({ action: 'registration.updated', subjectType: 'registration', subjectId: before.id, before, after, alsoServiceIds });
      if (status !== before.status) {
        tx.emit({
          type: 'registration.status_changed',
          subjectType: 'registration',
          subjectId: before.id,
          serviceId: before.serviceId,
          data: {
            registrationId: before.id,
            serviceId: before.serviceId,
            scheme: before.scheme,
            from: before.status,
            to: status,
            effectiveOn: (after as { effectiveOn: string }).effectiveOn,
          },
        });
      }
    }
  }

  private async load(tx: WriteTx, id: string, today: string): Promise<RegistrationResponseDto> {
    const found = await this.repo.findWithStates(id, tx);
    return toRegistrationResponse(found!, today);
  }
}
