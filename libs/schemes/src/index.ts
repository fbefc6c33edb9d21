export { SchemesModule } from './schemes.module';
export {
  SchemesService,
  toRegistrationFacts,
  type ImportedRegistration,
  type ImportedState,
  type SchemesImportWrites,
} from './schemes.service';
export { SchemeEntity } from './entities/scheme.entity';
export { SchemeRegistrationEntity } from './entities/scheme-registration.entity';
export { RegistrationStateEntity } from './entities/registration-state.entity';
