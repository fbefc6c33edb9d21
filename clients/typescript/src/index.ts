import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

/** The registry's RFC 9457 problem document, as every error status answers it. */
export type Problem = components['schemas']['ProblemDto'];

export type RegistryClient = Client<paths>;

export interface RegistryClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Where the API is, e.g. `http://registry.example.lg.jp:3000`. */
  baseUrl: string;
  /** An API key (opaque bearer credential); reads need none. */
  apiKey?: string;
}

/**
 * A typed client for the registry API: paths, parameters, bodies and answers (including problem
 * documents) come from the committed openapi.json through `src/schema.d.ts`.
 *
 * ```ts
 * const registry = createRegistryClient({ baseUrl: 'http://localhost:3000' });
 * const { data, error } = await registry.GET('/v1/services', { params: { query: { q: 'kintone' } } });
 * ```
 */
export function createRegistryClient({ apiKey, headers, ...options }: RegistryClientOptions): RegistryClient {
  return createClient<paths>({
    ...options,
    headers: { ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}), ...(headers as Record<string, string> | undefined) },
  });
}
