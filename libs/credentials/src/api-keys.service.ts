import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { RegistryWriter } from '@app/ledger';
import { MunicipalitiesService } from '@app/municipalities';
import { type Actor, Clock, decodeCursor, isValidLocalGovCode, type Page, toPage, validationFailed } from '@app/shared';
import { hashKey } from './api-key-verifier';
import { credentialStatus, parseDateTime } from './credential-status';
import { CredentialsError } from './credentials.errors';
import { CredentialsRepository } from './credentials.repository';
import { ApiKeyResponseDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/create-api-key.dto';
import type { ApiCredentialEntity } from './entities/api-credential.entity';

function toApiKeyResponse(c: ApiCredentialEntity, now: Date): ApiKeyResponseDto {
  return {
    id: c.id,
    name: c.name,
    role: c.role,
    organization: c.organization,
    municipalityCode: c.municipalityCode,
    keyPrefix: c.keyPrefix,
    createdAt: c.createdAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
    expiresAt: c.expiresAt?.toISOString() ?? null,
    status: credentialStatus(c, now),
  };
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly writer: RegistryWriter,
    private readonly credentials: CredentialsRepository,
    private readonly municipalities: MunicipalitiesService,
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
    const now = this.clock.now();
    const expiresAt = dto.expiresAt === undefined ? null : parseDateTime(dto.expiresAt);
    if (dto.expiresAt !== undefined && expiresAt === null) {
      throw validationFailed('expiresAt is not a real date-time', [{ pointer: '/expiresAt', detail: 'not a real date-time' }]);
    }
    if (expiresAt !== null && expiresAt.getTime() <= now.getTime()) {
      throw validationFailed('expiresAt must be in the future', [{ pointer: '/expiresAt', detail: 'must be after the current time' }]);
    }
    const key = `lgr_${randomBytes(32).toString('base64url')}`;
    const created = await this.writer.transaction(actor, async (tx) => {
      if (dto.municipalityCode !== undefined)
        await this.municipalities.assertLocalGovernment(dto.municipalityCode, '/municipalityCode', tx);
      const row = await this.credentials.insert(tx, {
        name: dto.name,
        role: dto.role,
        organization: dto.organization ?? null,
        municipalityCode: dto.municipalityCode ?? null,
        keyPrefix: key.slice(0, 12),
        keyHash: hashKey(key),
        expiresAt,
      });
      tx.audit({ action: 'api_key.created', subjectType: 'api_key', subjectId: row.id, before: null, after: toApiKeyResponse(row, now) });
      return row;
    });
    return { ...toApiKeyResponse(created, now), key };
  }

  async list(cursor: string | undefined, limit: number): Promise<Page<ApiKeyResponseDto>> {
    const after = decodeCursor(cursor, ['uuid']);
    const rows = await this.credentials.listPage(after ? String(after[0]) : null, limit);
    const now = this.clock.now();
    return toPage(
      rows,
      limit,
      (r) => toApiKeyResponse(r, now),
      (r) => [r.id],
    );
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    await this.writer.transaction(actor, async (tx) => {
      const row = await this.credentials.lock(tx, id);
      if (!row) throw new CredentialsError('API_KEY_NOT_FOUND', `API key ${id} does not exist`);
      if (row.revokedAt) return;
      const now = this.clock.now();
      const before = toApiKeyResponse(row, now);
      row.revokedAt = now;
      await this.credentials.save(tx, row);
      tx.audit({ action: 'api_key.revoked', subjectType: 'api_key', subjectId: id, before, after: toApiKeyResponse(row, now) });
    });
  }
}
