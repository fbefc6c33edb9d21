export { MunicipalitiesModule } from './municipalities.module';
export { MunicipalitiesService, assertLocalGovCode } from './municipalities.service';
export { MunicipalityEntity } from './entities/municipality.entity';
