export type Role = 'admin' | 'auditor' | 'municipality';
export const ROLES: readonly Role[] = ['admin', 'auditor', 'municipality'];

/** Who is making a request: resolved from the bearer credential by the auth guard. */
export interface Actor {
  credentialId: string;
  role: Role;
  organization: string | null;
  municipalityCode: string | null;
}

/** The credential id recorded for the bootstrap administrator (`ADMIN_API_KEY`). */
export const BOOTSTRAP_ADMIN_ID = '00000000-0000-4000-8000-000000000000';

/** The actor recorded for work the registry does by itself (sweeps, seeds). */
export const SYSTEM_ACTOR: Actor = {
  credentialId: '00000000-0000-4000-8000-000000000001',
  role: 'admin',
  organization: 'system',
  municipalityCode: null,
};
