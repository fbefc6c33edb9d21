import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditOrganizationsService } from '@app/assessments';
import { RegistryWriter, type WriteTx } from '@app/ledger';
import { MunicipalitiesService } from '@app/municipalities';
import {
  type Actor,
  APP_CONFIG,
  type AppConfig,
  BOOTSTRAP_ADMIN_ID,
  Clock,
  decodeCursor,
  isValidLocalGovCode,
  type Page,
  toPage,
  validationFailed,
} from '@app/shared';
import { hashKey } from './api-key-verifier';
import { credentialStatus, parseDateTime } from './credential-status';
import { CredentialsError } from './credentials.errors';
import { CredentialsRepository } from './credentials.repository';
import { ApiKeyResponseDto, BootstrapAdminDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/create-api-key.dto';
import type { ApiCredentialEntity } from './entities/api-credential.entity';
import type { BootstrapAdminEntity } from './entities/bootstrap-admin.entity';

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
    private readonly organizations: AuditOrganizationsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private toBootstrapResponse(disabled: BootstrapAdminEntity | null): BootstrapAdminDto {
    const configured = this.config.ADMIN_API_KEY !== undefined;
    return {
      configured,
      status: disabled ? 'disabled' : configured ? 'active' : 'not_configured',
      disabledAt: disabled?.disabledAt.toISOString() ?? null,
      disabledBy: disabled?.disabledBy ?? null,
    };
  }

  async bootstrapState(): Promise<BootstrapAdminDto> {
    return this.toBootstrapResponse(await this.credentials.bootstrapDisabled());
  }

  /** How writes can be authorised now (for the boot log): the bootstrap key's state and the working stored admin keys. */
  async adminAccess(): Promise<{ bootstrap: BootstrapAdminDto['status']; adminKeys: number }> {
    const [bootstrap, adminKeys] = await Promise.all([this.bootstrapState(), this.credentials.activeAdminCount(this.clock.now())]);
    return { bootstrap: bootstrap.status, adminKeys };
  }

  /**
   * Disables the bootstrap administrator (ADMIN_API_KEY) for every replica, recorded in the database
   * and the audit trail. Refused (409 LAST_ADMIN_CREDENTIAL) unless a stored admin key works, so
   * nobody locks themselves out. Disabling again answers the recorded state.
   */
  async disableBootstrap(actor: Actor): Promise<BootstrapAdminDto> {
    const disabled = await this.writer.transaction(
      actor,
      async (tx) => {
        await this.credentials.lockAdministrators(tx);
        const already = await this.credentials.bootstrapDisabled(tx);
        if (already) return already;
        const now = this.clock.now();
        if ((await this.credentials.activeAdminCount(now, null, tx)) === 0) {
          throw new CredentialsError(
            'LAST_ADMIN_CREDENTIAL',
            'No stored administrator API key works: create one (POST /v1/api-keys with role admin) before disabling the bootstrap key',
          );
        }
        const before = this.toBootstrapResponse(null);
        const row = await this.credentials.disableBootstrap(tx, now, actor.credentialId);
        tx.audit({
          action: 'bootstrap_admin.disabled',
          subjectType: 'api_key',
          subjectId: BOOTSTRAP_ADMIN_ID,
          before,
          after: this.toBootstrapResponse(row),
        });
        return row;
      },
      { bumpRevision: false },
    );
    return this.toBootstrapResponse(disabled);
  }

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

  private async bootstrapUnusable(tx: WriteTx): Promise<boolean> {
    return this.config.ADMIN_API_KEY === undefined || (await this.credentials.bootstrapDisabled(tx)) !== null;
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    await this.writer.transaction(actor, async (tx) => {
      await this.credentials.lockAdministrators(tx);
      const row = await this.credentials.lock(tx, id);
      if (!row) throw new CredentialsError('API_KEY_NOT_FOUND', `API key ${id} does not exist`);
      if (row.revokedAt) return;
      const now = this.clock.now();
      if (row.role === 'admin' && (await this.bootstrapUnusable(tx)) && (await this.credentials.activeAdminCount(now, id, tx)) === 0) {
        throw new CredentialsError(
          'LAST_ADMIN_CREDENTIAL',
          'This is the last working administrator credential (the bootstrap key is disabled or not configured): create another first',
        );
      }
      const before = toApiKeyResponse(row, now);
      row.revokedAt = now;
      await this.credentials.save(tx, row);
      tx.audit({ action: 'api_key.revoked', subjectType: 'api_key', subjectId: id, before, after: toApiKeyResponse(row, now) });
    });
  }
}
