import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Actor, ApiProblems, CurrentActor, PageQueryDto, ParseIdPipe, Roles } from '@app/shared';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyPageDto, BootstrapAdminDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('credentials')
@Controller('v1/api-keys')
@Roles('admin')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** Creates a credential. The secret `key` is in this response only. */
  @Post()
  @ApiProblems(400, 404, 413)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(actor, dto);
  }

  /** Lists credentials (never their secrets). */
  @Get()
  @ApiProblems(400)
  list(@Query() query: PageQueryDto): Promise<ApiKeyPageDto> {
    return this.apiKeys.list(query.cursor, query.limit);
  }

  /** The bootstrap administrator credential (`ADMIN_API_KEY`): configured here, active or disabled. */
  @Get('bootstrap')
  bootstrap(): Promise<BootstrapAdminDto> {
    return this.apiKeys.bootstrapState();
  }

  /**
   * Disables the bootstrap administrator credential (`ADMIN_API_KEY`) on every replica at once, without
   * a restart: from then on it answers 401 `BOOTSTRAP_KEY_DISABLED`. 409 `LAST_ADMIN_CREDENTIAL` unless
   * a stored administrator key works. Disabling again answers the recorded state.
   */
  @Post('bootstrap/disable')
  @HttpCode(200)
  @ApiProblems(409)
  disableBootstrap(@CurrentActor() actor: Actor): Promise<BootstrapAdminDto> {
    return this.apiKeys.disableBootstrap(actor);
  }

  /** Revokes a credential; it stops working at once. 409 `LAST_ADMIN_CREDENTIAL` for the last working administrator key while the bootstrap key is disabled or not configured. */
  @Delete(':id')
  @HttpCode(204)
  @ApiProblems(400, 404, 409)
  revoke(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<void> {
    return this.apiKeys.revoke(actor, id);
  }
}
