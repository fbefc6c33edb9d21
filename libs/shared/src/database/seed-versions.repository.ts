import type { EntityManager } from 'typeorm';

/**
 * Runs a seed in the caller's transaction unless the data set with this digest was loaded already.
 * An advisory lock keeps replicas that start together from loading it twice.
 */
export async function seedOnce(em: EntityManager, name: string, digest: string, load: () => Promise<void>): Promise<boolean> {
  await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`seed:${name}`]);
  const [row] = await em.query<{ digest: string }[]>('SELECT digest FROM seed_versions WHERE name = $1', [name]);
  if (row?.digest === digest) return false;
  await load();
  await em.query(
    `INSERT INTO seed_versions (name, digest, applied_at) VALUES ($1, $2, now())
     ON CONFLICT (name) DO UPDATE SET digest = EXCLUDED.digest, applied_at = EXCLUDED.applied_at`,
    [name, digest],
  );
  return true;
}
