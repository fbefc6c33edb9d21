import { Injectable } from '@nestjs/common';
import { RegistryWriter, type WriteTx } from '@app/ledger';
import { type Actor, validationFailed } from '@app/shared';
import { AuditOrganizationsRepository } from './audit-organizations.repository';
import {
  AuditOrganizationDto,
  type AuditOrganizationListDto,
  CreateAccreditationDto,
  CreateAuditOrganizationDto,
} from './dto/audit-organization.dto';
import type { AuditOrganizationEntity } from './entities/audit-organization.entity';
import { AssessmentsError } from './assessments.errors';

const toDto = (o: AuditOrganizationEntity): AuditOrganizationDto => ({
  id: o.id,
  name: o.name,
  nameEn: o.nameEn,
  accreditations: (o.accreditations ?? []).map((a) => ({
    from: a.accreditedFrom,
    until: a.accreditedUntil,
    note: a.note,
    recordedAt: a.recordedAt.toISOString(),
  })),
  createdAt: o.createdAt.toISOString(),
});

/** The assessor registry: audit organisations and their accreditation periods (admin writes, public reads). */
@Injectable()
export class AuditOrganizationsService {
  constructor(
    private readonly writer: RegistryWriter,
    private readonly repo: AuditOrganizationsRepository,
  ) {}

  async create(actor: Actor, dto: CreateAuditOrganizationDto): Promise<AuditOrganizationDto> {
    return this.writer.transaction(actor, async (tx) => {
      if (await this.repo.nameTaken(tx, dto.name)) {
        throw new AssessmentsError('AUDIT_ORGANIZATION_EXISTS', `an audit organisation named ${dto.name} is already registered`);
      }
      const row = await this.repo.insert(tx, { name: dto.name, nameEn: dto.nameEn ?? null });
      const view = toDto({ ...row, accreditations: [] });
      tx.audit({ action: 'audit_organization.created', subjectType: 'audit_organization', subjectId: row.id, before: null, after: view });
      return view;
    });
  }

  /** Adds an accreditation period (history is appended, never rewritten). */
  async accredit(actor: Actor, id: string, dto: CreateAccreditationDto): Promise<AuditOrganizationDto> {
    if (dto.until !== undefined && dto.until < dto.from) {
      throw validationFailed('an accreditation ends on or after it starts', [
        { pointer: '/until', detail: `must be on or after ${dto.from}` },
      ]);
    }
    return this.writer.transaction(actor, async (tx) => {
      if (!(await this.repo.lock(tx, id))) throw auditOrganizationNotFound(id);
      const before = toDto((await this.repo.find(id, tx))!);
      await this.repo.addAccreditation(tx, {
        organizationId: id,
        accreditedFrom: dto.from,
        accreditedUntil: dto.until ?? null,
        note: dto.note ?? null,
      });
      const after = toDto((await this.repo.find(id, tx))!);
      tx.audit({ action: 'audit_organization.accredited', subjectType: 'audit_organization', subjectId: id, before, after });
      return after;
    });
  }

  /** Whether an organisation of that name is registered (auditor credentials must belong to one). */
  isRegistered(name: string, tx?: Pick<WriteTx, 'em'>): Promise<boolean> {
    return this.repo.isRegistered(name, tx);
  }

  async get(id: string): Promise<AuditOrganizationDto> {
    const row = await this.repo.find(id);
    if (!row) throw auditOrganizationNotFound(id);
    return toDto(row);
  }

  async list(): Promise<AuditOrganizationListDto> {
    return { items: (await this.repo.list()).map(toDto) };
  }
}

const auditOrganizationNotFound = (id: string) =>
  new AssessmentsError('AUDIT_ORGANIZATION_NOT_FOUND', `audit organisation ${id} does not exist`);
