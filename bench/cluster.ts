import { execFile } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './api-process';

const run = promisify(execFile);

/**
 * The bare-metal recipe of docs/SCALING.md, scripted: a PostgreSQL primary and a streaming replica
 * (pg_basebackup -R) on this machine, from the PostgreSQL binaries in `PG_BIN` (default: the newest
 * under /usr/lib/postgresql). As root the servers run as the `postgres` user (initdb refuses root).
 */
export interface ReplicaCluster {
  primaryUrl: string;
  replicaUrl: string;
  description: string;
  stop(): Promise<void>;
}

function pgBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) throw new Error('no PostgreSQL binaries: install postgresql or set PG_BIN');
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'pg_basebackup')))
    .sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error(`no pg_basebackup under ${root}: set PG_BIN`);
  return join(root, versions[0], 'bin');
}

export async function startReplicaCluster(log: (line: string) => void): Promise<ReplicaCluster> {
  const bin = pgBin();
  const asRoot = process.getuid?.() === 0;
  const exec = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  const base = mkdtempSync(join(tmpdir(), 'registry-cluster-'));
  const primary = join(base, 'primary');
  const replica = join(base, 'replica');
  if (asRoot) {
    const { uid, gid } = await run('id', ['-u', 'postgres']).then(async ({ stdout }) => ({
      uid: Number(stdout.trim()),
      gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
    }));
    chownSync(base, uid, gid);
  }
  mkdirSync(primary, { mode: 0o700 });
  mkdirSync(replica, { mode: 0o700 });
  if (asRoot) await run('chown', ['-R', 'postgres:postgres', base]);
  const [p1, p2] = [await freePort(), await freePort()];
  const started: string[] = [];
  const stop = async () => {
    for (const dir of started.reverse()) await exec('pg_ctl', ['-D', dir, '-m', 'immediate', 'stop']).catch(() => undefined);
    rmSync(base, { recursive: true, force: true });
  };
  try {
    await exec('initdb', ['-D', primary, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']);
    appendFileSync(
      join(primary, 'postgresql.conf'),
      [
        "listen_addresses = '127.0.0.1'",
        `port = ${p1}`,
        "unix_socket_directories = ''",
        'wal_level = replica',
        'max_wal_senders = 5',
        'max_connections = 100',
        'hot_standby = on',
        // the bench's embedded database runs with the same settings: comparable, not durable
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        '',
      ].join('\n'),
    );
    await exec('pg_ctl', ['-D', primary, '-l', join(base, 'primary.log'), '-w', 'start']);
    started.push(primary);
    await exec('pg_basebackup', ['-h', '127.0.0.1', '-p', String(p1), '-U', 'postgres', '-D', replica, '-R', '-X', 'stream']);
    appendFileSync(join(replica, 'postgresql.conf'), `port = ${p2}\n`);
    await exec('pg_ctl', ['-D', replica, '-l', join(base, 'replica.log'), '-w', 'start']);
    started.push(replica);
    const { stdout } = await exec('postgres', ['--version']);
    log(`cluster: primary 127.0.0.1:${p1}, streaming replica 127.0.0.1:${p2} (pg_basebackup -R), ${stdout.trim()}, in ${base}`);
    return {
      primaryUrl: `postgres://postgres@127.0.0.1:${p1}/postgres`,
      replicaUrl: `postgres://postgres@127.0.0.1:${p2}/postgres`,
      description: `${stdout.trim()} primary + streaming replica (fsync=off, synchronous_commit=off)`,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
