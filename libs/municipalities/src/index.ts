export { MunicipalitiesModule } from './municipalities.module';
export { MunicipalitiesService, assertLocalGovCode, type MunicipalityContextFacts } from './municipalities.service';
export { forbiddenMunicipality } from './municipalities.errors';
export { MunicipalityEntity } from './entities/municipality.entity';
export { MunicipalityMeasureEntity } from './entities/municipality-measure.entity';
