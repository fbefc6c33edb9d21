import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Actor, ApiProblems, CurrentActor, PageQueryDto, ParseIdPipe, Roles } from '@app/shared';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/create-api-key.dto';

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

  /** Revokes a credential; it stops working at once. */
  @Delete(':id')
  @HttpCode(204)
  @ApiProblems(400, 404)
  revoke(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<void> {
    return this.apiKeys.revoke(actor, id);
  }
}
