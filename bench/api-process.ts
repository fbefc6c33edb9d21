import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The API in a process of its own (dist/apps/api/src/main.js), as production runs it: its RSS is its own. */
export interface ApiProcess {
  baseUrl: string;
  pid: number;
  /** Resident set size now, in MiB (Linux: /proc/<pid>/status). */
  rssMiB(): number;
  stop(): Promise<void>;
}

/**
 * How `npm start` runs the API: the environment assignments and node flags of package.json's
 * `start` script (e.g. `MALLOC_ARENA_MAX=1 node --max-semi-space-size=4 dist/…`), so the bench
 * measures the process as it is deployed. BENCH_API_NODE_ARGS replaces the flags.
 */
export function startCommand(): { env: Record<string, string>; flags: string[] } {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(/\s+/).filter(Boolean);
  const node = words.indexOf('node');
  const env = Object.fromEntries(words.slice(0, node).map((w) => w.split('=', 2) as [string, string]));
  const flags = words.slice(node + 1).filter((w) => w.startsWith('--'));
  const override = process.env.BENCH_API_NODE_ARGS;
  return { env, flags: override === undefined ? flags : override.split(/\s+/).filter(Boolean) };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Starts the API with `env` on a free port and waits until /health/ready answers 200. */
export async function startApiProcess(env: Record<string, string>, log: (line: string) => void, name = 'api'): Promise<ApiProcess> {
  const port = await freePort();
  const start = startCommand();
  const child: ChildProcess = spawn(process.execPath, [...start.flags, join(__dirname, '..', 'apps', 'api', 'src', 'main.js')], {
    env: { ...start.env, ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${stderr}`);
    const ready = await fetch(`${baseUrl}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not become ready: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid!;
  log(`${name}: pid ${pid} at ${baseUrl}`);
  return {
    baseUrl,
    pid,
    rssMiB: () => rssOf(pid),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** RSS of a process in MiB (0 when it cannot be read). */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every `everyMs` while running; `peak` is the largest seen. */
export class RssSampler {
  peak = 0;
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly read: () => number) {}
  start(everyMs = 200): void {
    this.stop();
    this.timer = setInterval(() => (this.peak = Math.max(this.peak, this.read())), everyMs);
    this.timer.unref();
  }
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.peak = Math.max(this.peak, this.read());
    return this.peak;
  }
}

/** CPU seconds (user + system) a process has used so far (Linux: /proc/<pid>/stat; 0 when it cannot be read). */
export function cpuSecondsOf(pid: number): number {
  return cpuSecondsIn(`/proc/${pid}/stat`);
}

/**
 * CPU seconds a process's main thread has used so far (/proc/<pid>/task/<pid>/stat): the one thread
 * JavaScript runs on, so what bounds one process; the rest of cpuSecondsOf is V8's helper threads
 * (garbage collection, compilation) and the thread pool.
 */
export function mainThreadCpuSecondsOf(pid: number): number {
  return cpuSecondsIn(`/proc/${pid}/task/${pid}/stat`);
}

function cpuSecondsIn(statFile: string): number {
  try {
    // the fields after the command name (which may hold spaces) start with the state, field 3
    const fields = readFileSync(statFile, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** The machine's CPU seconds so far, busy (user, system, interrupts) and stolen by the hypervisor (Linux: /proc/stat). */
export function machineCpuSeconds(): { busy: number; steal: number } {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return { busy: (user + nice + system + irq + softirq) / CLOCK_TICKS, steal: steal / CLOCK_TICKS };
  } catch {
    return { busy: 0, steal: 0 };
  }
}

/** USER_HZ: what /proc counts CPU time in on Linux (100 on every mainstream architecture). */
const CLOCK_TICKS = 100;

/**
 * Sets the cores every thread of a process may run on (`taskset -a -c -p`, util-linux; threads made
 * later inherit it). `cpus` is a list such as `0` or `0-1`.
 */
export function setAffinity(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-c', '-p', cpus, String(pid)], { stdio: 'ignore' });
}

/** Whether setAffinity can work here (Linux with taskset). */
export function affinityAvailable(): boolean {
  try {
    execFileSync('taskset', ['-c', '-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
