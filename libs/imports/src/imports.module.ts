import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { CatalogModule } from '@app/catalog';
import { EligibilityModule } from '@app/eligibility';
import { LedgerModule } from '@app/ledger';
import { SchemesModule } from '@app/schemes';
import { APP_CONFIG, type AppConfig } from '@app/shared';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

/** `20mb` → bytes. */
export const sizeInBytes = (limit: string): number => {
  const m = /^(\d+)(b|kb|mb)$/i.exec(limit)!;
  return Number(m[1]) * { b: 1, kb: 1024, mb: 1024 * 1024 }[m[2].toLowerCase() as 'b' | 'kb' | 'mb'];
};

@Module({
  imports: [
    LedgerModule,
    CatalogModule,
    SchemesModule,
    EligibilityModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ limits: { fileSize: sizeInBytes(config.IMPORT_BODY_LIMIT), files: 1 } }),
    }),
  ],
  controllers: [ImportsController],
  providers: [ImportsRepository, ImportsService],
  exports: [ImportsService],
})
export class ImportsModule {}
