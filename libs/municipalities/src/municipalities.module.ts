import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { MunicipalitiesController } from './municipalities.controller';
import { MunicipalitiesRepository } from './municipalities.repository';
import { MunicipalitiesService } from './municipalities.service';

@Module({
  imports: [LedgerModule],
  controllers: [MunicipalitiesController],
  providers: [MunicipalitiesRepository, MunicipalitiesService],
  exports: [MunicipalitiesService],
})
export class MunicipalitiesModule {}
