export { MunicipalitiesModule } from './municipalities.module';
export { MunicipalitiesService, assertLocalGovCode, municipalityNotFound } from './municipalities.service';
export { MunicipalityEntity } from './entities/municipality.entity';
