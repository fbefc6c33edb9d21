import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditOrganizationsService } from '@app/assessments';
import { RegistryWriter } from '@app/ledger';
import { MunicipalitiesService } from '@app/municipalities';
import { type Actor, Clock, decodeCursor, isValidLocalGovCode, type Page, toPage, validationFailed } from '@app/shared';
import { hashKey } from './api-key-verifier';
import { CredentialsError } from './credentials.errors';
import { CredentialsRepository } from './credentials.repository';
import { ApiKeyResponseDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/create-api-key.dto';
import type { ApiCredentialEntity } from './entities/api-credential.entity';

function toApiKeyResponse(c: ApiCredentialEntity): ApiKeyResponseDto {
  return {
    id: c.id,
    name: c.name,
    role: c.role,
    organization: c.organization,
    municipalityCode: c.municipalityCode,
    keyPrefix: c.keyPrefix,
    createdAt: c.createdAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly writer: RegistryWriter,
    private readonly credentials: CredentialsRepository,
    private readonly municipalities: MunicipalitiesService,
    private readonly organizations: AuditOrganizationsService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    if (dto.role !== 'municipality' && dto.municipalityCode !== undefined) {
      throw validationFailed('municipalityCode is only for municipality credentials', [
        { pointer: '/municipalityCode', detail: 'only allowed with role municipality' },
      ]);
    }
    if (dto.municipalityCode !== undefined && !isValidLocalGovCode(dto.municipalityCode)) {
      throw new CredentialsError('INVALID_MUNICIPALITY_CODE', 'municipalityCode has a wrong check digit', [
        { pointer: '/municipalityCode', detail: 'check digit does not match' },
      ]);
    }
    const key = `lgr_${randomBytes(32).toString('base64url')}`;
    const created = await this.writer.transaction(actor, async (tx) => {
      if (dto.municipalityCode !== undefined)
        await this.municipalities.assertLocalGovernment(dto.municipalityCode, '/municipalityCode', tx);
      // an auditor belongs to a registered audit organisation (the assessor registry)
      if (dto.role === 'auditor' && !(await this.organizations.isRegistered(dto.organization!, tx))) {
        throw validationFailed(`${dto.organization} is not a registered audit organisation`, [
          { pointer: '/organization', detail: 'register it first: POST /v1/audit-organizations' },
        ]);
      }
      const row = await this.credentials.insert(tx, {
        name: dto.name,
        role: dto.role,
        organization: dto.organization ?? null,
        municipalityCode: dto.municipalityCode ?? null,
        keyPrefix: key.slice(0, 12),
        keyHash: hashKey(key),
      });
      tx.audit({ action: 'api_key.created', subjectType: 'api_key', subjectId: row.id, before: null, after: toApiKeyResponse(row) });
      return row;
    });
    return { ...toApiKeyResponse(created), key };
  }

  async list(cursor: string | undefined, limit: number): Promise<Page<ApiKeyResponseDto>> {
    const after = decodeCursor(cursor, ['uuid']);
    const rows = await this.credentials.listPage(after ? String(after[0]) : null, limit);
    return toPage(rows, limit, toApiKeyResponse, (r) => [r.id]);
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    await this.writer.transaction(actor, async (tx) => {
      const row = await this.credentials.lock(tx, id);
      if (!row) throw new CredentialsError('API_KEY_NOT_FOUND', `API key ${id} does not exist`);
      if (row.revokedAt) return;
      const before = toApiKeyResponse(row);
      row.revokedAt = this.clock.now();
      await this.credentials.save(tx, row);
      tx.audit({ action: 'api_key.revoked', subjectType: 'api_key', subjectId: id, before, after: toApiKeyResponse(row) });
    });
  }
}
