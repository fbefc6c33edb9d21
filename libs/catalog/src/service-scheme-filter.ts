/**
 * The services list's `scheme=` filter, contributed by the library that owns registrations
 * (libs/schemes, which depends on this one): an SQL condition on the services row, so the list
 * stays one statement while catalog names only its own tables. Provided globally by @app/schemes.
 */
export abstract class ServiceSchemeFilter {
  /** A boolean SQL expression: service `serviceAlias` has a registration under the scheme bound to `:param`. */
  abstract condition(serviceAlias: string, param: string): string;
}
