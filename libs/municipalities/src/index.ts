export { MunicipalitiesModule } from './municipalities.module';
export { MunicipalitiesService, assertLocalGovCode } from './municipalities.service';
export { forbiddenMunicipality } from './municipalities.errors';
export { MunicipalityEntity } from './entities/municipality.entity';
