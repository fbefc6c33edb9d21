// Each reliability file records its figures here; the global teardown prints them as one table and
// they stay in test-output/reliability/*.json.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIGURES_DIR = join(process.cwd(), 'test-output', 'reliability');

export interface Figure {
  check: string;
  measured: string | number;
  bound: string;
  ok: boolean;
}

export function record(suite: string, figures: Figure[], details: Record<string, unknown> = {}): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  writeFileSync(
    join(FIGURES_DIR, `${suite}.json`),
    `${JSON.stringify({ suite, at: new Date().toISOString(), figures, details }, null, 2)}\n`,
  );
}

export function summaryTable(): string {
  let files: string[] = [];
  try {
    files = readdirSync(FIGURES_DIR).filter((f) => f.endsWith('.json') && f !== 'summary.json');
  } catch {
    return '';
  }
  const rows: string[][] = [];
  for (const file of files.sort()) {
    const { suite, figures } = JSON.parse(readFileSync(join(FIGURES_DIR, file), 'utf8')) as { suite: string; figures: Figure[] };
    for (const f of figures) rows.push([suite, f.check, String(f.measured), f.bound, f.ok ? 'ok' : 'FAIL']);
  }
  const head = ['suite', 'check', 'measured', 'bound', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
