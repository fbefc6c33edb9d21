import { Injectable } from '@nestjs/common';
import { assessmentStatus } from '@app/eligibility-engine';
import { RegistryWriter } from '@app/ledger';
import { CatalogService } from '@app/catalog';
import { CriteriaService } from '@app/criteria';
import { type Actor, Clock, decodeCursor, type FieldError, type Page, toPage, validationFailed } from '@app/shared';
import { alreadyRevoked, assessmentNotFound, forbiddenOrganization, invalidFindings, invalidSupersedes } from './assessments.errors';
import { assessmentResults, componentDefinition } from './oscal';
import { type AssessmentRow, AssessmentsRepository } from './assessments.repository';
import type { AssessmentResponseDto, CreateAssessmentDto, RevokeAssessmentDto } from './dto/assessment.dto';

function toAssessmentResponse(a: AssessmentRow): AssessmentResponseDto {
  const { status, supersededBy } = assessmentStatus({ revoked: a.status === 'revoked', successors: a.successors });
  return {
    id: a.id,
    serviceId: a.serviceId,
    profile: { key: a.profileKey, edition: a.edition },
    assessor:
      a.assessorName === null ? { organization: a.assessorOrganization } : { organization: a.assessorOrganization, name: a.assessorName },
    performedOn: a.performedOn,
    validUntil: a.validUntil,
    status,
    supersedes: a.supersedes,
    supersededBy,
    revocation: a.status === 'revoked' ? { reason: a.revokedReason!, effectiveOn: a.revokedEffectiveOn, revokedAt: a.revokedAt! } : null,
    findings: a.findings.map((f) => ({
      requirementId: f.requirement_id,
      outcome: f.outcome,
      note: f.note,
      justification: f.justification,
      evidence: f.evidence,
      measurements: f.measurements,
    })),
    createdAt: a.createdAt,
  };
}

@Injectable()
export class AssessmentsService {
  constructor(
    private readonly writer: RegistryWriter,
    private readonly repo: AssessmentsRepository,
    private readonly catalog: CatalogService,
    private readonly criteria: CriteriaService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, serviceId: string, dto: CreateAssessmentDto): Promise<AssessmentResponseDto> {
    if (actor.role !== 'auditor' || actor.organization !== dto.assessor.organization) {
      throw forbiddenOrganization(`This credential may not publish assessments for ${dto.assessor.organization}`);
    }
    const profile = await this.criteria.edition(dto.profile, dto.edition, dto.performedOn);
    const errors: FieldError[] = [];
    if (dto.validUntil < dto.performedOn) errors.push({ pointer: '/validUntil', detail: 'must not be before performedOn' });
    const requirements = new Map(profile.requirements.map((r) => [r.id, r]));
    const seen = new Set<string>();
    dto.findings.forEach((f, i) => {
      const requirement = requirements.get(f.requirementId);
      if (!requirement)
        errors.push({
          pointer: `/findings/${i}/requirementId`,
          detail: `${f.requirementId} is not a requirement of ${profile.key} ${profile.edition}`,
        });
      else if (requirement.kind !== 'attestation') {
        errors.push({
          pointer: `/findings/${i}/requirementId`,
          detail: `${f.requirementId} is a ${requirement.kind} requirement, evaluated by the registry from its records`,
        });
      }
      if (f.outcome === 'not_applicable' && f.justification === undefined) {
        errors.push({ pointer: `/findings/${i}/justification`, detail: 'not_applicable needs a written justification' });
      }
      if (f.outcome !== 'not_applicable' && f.justification !== undefined) {
        errors.push({ pointer: `/findings/${i}/justification`, detail: 'a justification goes with not_applicable only' });
      }
      if (seen.has(f.requirementId))
        errors.push({ pointer: `/findings/${i}/requirementId`, detail: `${f.requirementId} appears more than once` });
      seen.add(f.requirementId);
    });
    if (errors.length > 0) throw invalidFindings(errors);

    return this.writer.transaction(actor, async (tx) => {
      await this.catalog.lockService(tx, serviceId);
      if (dto.supersedes) {
        const previous = await this.repo.lock(tx, dto.supersedes);
        const problem = !previous
          ? 'does not exist'
          : previous.serviceId !== serviceId || previous.profileKey !== profile.key
            ? 'is not an assessment of this service under the same profile'
            : previous.status === 'revoked'
              ? 'is revoked'
              : previous.performedOn > dto.performedOn
                ? 'was performed after this one'
                : (await this.repo.successorOf(tx, previous.id))
                  ? 'is already superseded'
                  : null;
        if (problem) throw invalidSupersedes(dto.supersedes, problem);
      }
      const row = await this.repo.insert(
        tx,
        {
          serviceId,
          profileId: await this.criteria.profileId(tx, profile.key, profile.edition),
          profileKey: profile.key,
          edition: profile.edition,
          assessorOrganization: dto.assessor.organization,
          assessorName: dto.assessor.name ?? null,
          performedOn: dto.performedOn,
          validUntil: dto.validUntil,
          supersedes: dto.supersedes ?? null,
          createdBy: actor.credentialId,
        },
        dto.findings.map((f) => ({
          requirementId: f.requirementId,
          outcome: f.outcome,
          note: f.note ?? null,
          justification: f.justification ?? null,
          evidence: (f.evidence ?? []).map(({ uri, sha256 }) => ({ uri, sha256 })),
          measurements: (f.measurements ?? []).map(({ measure, value, corpus }) =>
            corpus === undefined ? { measure, value } : { measure, value, corpus },
          ),
        })),
      );
      const view = toAssessmentResponse((await this.repo.find(row.id, tx))!);
      tx.audit({ action: 'assessment.published', subjectType: 'assessment', subjectId: row.id, before: null, after: view });
      tx.emit({
        type: 'assessment.published',
        subjectType: 'assessment',
        subjectId: row.id,
        serviceId,
        data: {
          assessmentId: row.id,
          serviceId,
          profile: view.profile,
          performedOn: view.performedOn,
          validUntil: view.validUntil,
          supersedes: view.supersedes,
        },
      });
      return view;
    });
  }

  async get(id: string): Promise<AssessmentResponseDto> {
    const row = await this.repo.find(id);
    if (!row) throw assessmentNotFound(id);
    return toAssessmentResponse(row);
  }

  async listForService(serviceId: string, cursor: string | undefined, limit: number): Promise<Page<AssessmentResponseDto>> {
    await this.catalog.assertServiceExists(serviceId);
    const after = decodeCursor(cursor, ['date', 'timestamp', 'uuid']) as [string, string, string] | null;
    const rows = await this.repo.listForService(serviceId, after, limit);
    return toPage(rows, limit, toAssessmentResponse, (r) => r.k);
  }

  /** OSCAL 1.1.x `assessment-results` of one assessment (stable UUIDs). */
  async oscalAssessmentResults(id: string, today: string): Promise<Record<string, unknown>> {
    const a = await this.get(id);
    const service = (await this.catalog.getService(a.serviceId, today)).body;
    return assessmentResults({ ...a, serviceName: service.name, findings: a.findings });
  }

  /**
   * OSCAL 1.1.x `component-definition` of a service: per profile, the requirements attested (met or
   * not applicable) by its newest assessment that is published (neither superseded nor revoked) and
   * still valid on `today`.
   */
  async oscalComponentDefinition(serviceId: string, today: string): Promise<Record<string, unknown>> {
    const service = (await this.catalog.getService(serviceId, today)).body;
    const all: AssessmentResponseDto[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.listForService(serviceId, cursor, 500);
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const newest = new Map<string, AssessmentResponseDto>();
    for (const a of all) {
      if (a.status !== 'published' || a.validUntil < today || a.performedOn > today) continue;
      const best = newest.get(a.profile.key);
      if (!best || a.performedOn > best.performedOn || (a.performedOn === best.performedOn && a.createdAt > best.createdAt))
        newest.set(a.profile.key, a);
    }
    const attested = [...newest.values()]
      .sort((x, y) => (x.profile.key < y.profile.key ? -1 : 1))
      .map((a) => ({
        profile: a.profile,
        assessmentId: a.id,
        createdAt: a.createdAt,
        requirementIds: a.findings.filter((f) => f.outcome === 'met' || f.outcome === 'not_applicable').map((f) => f.requirementId),
      }));
    const lastModified = [service.updatedAt, ...attested.map((a) => a.createdAt)].sort().at(-1)!;
    return componentDefinition({ serviceId, serviceName: service.name, description: service.description, attested, lastModified });
  }

  /** An auditor revokes its own organisation's assessment (an administrator any). */
  async revoke(actor: Actor, id: string, dto: RevokeAssessmentDto): Promise<AssessmentResponseDto> {
    return this.writer.transaction(actor, async (tx) => {
      const row = await this.repo.lock(tx, id);
      if (!row) throw assessmentNotFound(id);
      if (actor.role !== 'admin' && actor.organization !== row.assessorOrganization) {
        throw forbiddenOrganization('Only the assessing organisation (or an administrator) may revoke this assessment');
      }
      if (row.status === 'revoked') throw alreadyRevoked(id);
      if (dto.effectiveOn !== undefined && dto.effectiveOn < row.performedOn) {
        throw validationFailed('effectiveOn is before the assessment was performed', [
          {
            pointer: '/effectiveOn',
            detail: `must be on or after performedOn ${row.performedOn} (omit it to void the assessment from its start)`,
          },
        ]);
      }
      const before = toAssessmentResponse((await this.repo.find(id, tx))!);
      row.status = 'revoked';
      row.revokedReason = dto.reason;
      row.revokedEffectiveOn = dto.effectiveOn ?? null;
      row.revokedAt = this.clock.now();
      row.revokedBy = actor.credentialId;
      await this.repo.save(tx, row);
      const after = toAssessmentResponse((await this.repo.find(id, tx))!);
      tx.audit({ action: 'assessment.revoked', subjectType: 'assessment', subjectId: id, before, after });
      tx.emit({
        type: 'assessment.revoked',
        subjectType: 'assessment',
        subjectId: id,
        serviceId: row.serviceId,
        data: { assessmentId: id, serviceId: row.serviceId, reason: dto.reason, effectiveOn: row.revokedEffectiveOn },
      });
      return after;
    });
  }
}
