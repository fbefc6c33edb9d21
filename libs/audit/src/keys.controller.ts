import { Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type Actor, ApiProblems, Roles } from '@app/shared';
import { SigningKeyDto, SigningKeyListDto } from './dto/keys.dto';
import { SigningKeyService } from './signing-key.service';

@ApiTags('keys')
@Controller('v1/keys')
export class KeysController {
  constructor(private readonly keys: SigningKeyService) {}

  /** The public keys that sign audit checkpoints and decision receipts, retired ones included: pin them to verify offline. */
  @Get()
  @ApiProblems()
  async list(): Promise<SigningKeyListDto> {
    return { items: await this.keys.list() };
  }

  /**
   * Generates a new signing key and retires the active one (it stays listed). 409 when the key comes
   * from AUDIT_SIGNING_KEY: then rotation is changing the configuration.
   */
  @Post('rotate')
  @HttpCode(201)
  @Roles('admin')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retrying with the same key answers the key that rotation created instead of rotating again',
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
  })
  @ApiProblems(400, 409)
  rotate(@Req() req: Request & { actor?: Actor }): Promise<SigningKeyDto> {
    // read here rather than with @Headers, which would document the header a second time, as required
    return this.keys.rotate(req.actor!, req.header('idempotency-key'));
  }
}
