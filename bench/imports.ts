/**
 * `npm run bench:imports`: a 10,000-row ISMAP-layout list (Shift_JIS CSV and .xlsx) imported over
 * HTTP into a fresh database: dry run, apply, the same file again, and a dry run of a file changing
 * 1,000 rows. Prints wall time and the process's peak RSS during each step (the API and this client
 * share the process; PostgreSQL runs apart). Figures only: it never fails on timing.
 * Environment: BENCH_DATABASE_URL (as `npm run bench`), BENCH_IMPORT_ROWS (10000).
 */
import 'reflect-metadata';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createApp } from '../apps/api/src/create-app';
import { corporateNumberCheckDigit, loadConfig } from '@app/shared';
import { startBenchDatabase } from './database';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdefghijklmnop';
const ROWS = Number(process.env.BENCH_IMPORT_ROWS) > 0 ? Number(process.env.BENCH_IMPORT_ROWS) : 10_000;
const HEADER = [
  '制度',
  '登録番号',
  'サービス名称',
  '事業者名',
  '法人番号',
  '登録日',
  '監査対象期間末日',
  '有効期限',
  '状態',
  '対象範囲',
  '備考',
];

const corp = (n: number) => {
  const rest = String(100_000_000_000 + n).slice(-12);
  return `${corporateNumberCheckDigit(rest)}${rest}`;
};

function grid(periodEnd: (i: number) => string): string[][] {
  const rows = [HEADER];
  for (let i = 1; i <= ROWS; i++) {
    rows.push([
      i % 10 === 0 ? 'ISMAP-LIU' : 'ISMAP',
      `C23-${String(i).padStart(5, '0')}-1`,
      `ベンチサービス${i}`,
      `ベンチ事業者${i % 500}`,
      corp(i % 500),
      ['2023-04-01', '令和5年4月1日', 'R5.4.1'][i % 3],
      periodEnd(i),
      '',
      '登録',
      '',
      '',
    ]);
  }
  return rows;
}
const csv = (rows: string[][]) => iconv.encode(rows.map((r) => r.join(',')).join('\r\n') + '\r\n', 'cp932');
async function xlsx(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('ISMAP');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function measure<T>(label: string, work: () => Promise<T>): Promise<T> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const started = performance.now();
  try {
    return await work();
  } finally {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
    console.log(`| ${label} | ${((performance.now() - started) / 1000).toFixed(2)} s | ${mb(peak)} MB (+${mb(peak - base)}) |`);
  }
}

async function main(): Promise<void> {
  const db = await startBenchDatabase((line) => console.error(line));
  const config = {
    ...loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      ADMIN_API_KEY: ADMIN_KEY,
      RATE_LIMIT_PER_MINUTE: '1000000',
      WRITE_RATE_LIMIT_PER_MINUTE: '1000000',
      RUN_WORKER_IN_PROCESS: 'false',
    }),
    DATABASE_URL: db.url,
  };
  const app = await createApp({ config });
  try {
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    if (!address || typeof address === 'string') throw new Error('not listening on a TCP port');
    const post = async (body: Buffer, type: string, query: string) => {
      const res = await fetch(`http://127.0.0.1:${address.port}/v1/imports?${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': type },
        body,
      });
      const report = (await res.json()) as { counts?: Record<string, number>; code?: string };
      if (res.status !== 200) throw new Error(`import → ${res.status} ${JSON.stringify(report).slice(0, 300)}`);
      return report.counts!;
    };
    const original = grid(() => 'R7.3.31');
    const sjis = csv(original);
    const book = await xlsx(original);
    const changed = csv(grid((i) => (i % 10 === 0 ? '2026-03-31' : 'R7.3.31')));
    console.log(
      `${ROWS} rows (${(sjis.length / 1024).toFixed(0)} KiB Shift_JIS CSV, ${(book.length / 1024).toFixed(0)} KiB xlsx); ${db.description}`,
    );
    console.log('| step | time | peak RSS (growth) |\n|---|---|---|');
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const counts: Record<string, Record<string, number>> = {};
    counts.dry = await measure(`dry run, ${ROWS} new rows (CSV Shift_JIS)`, () => post(sjis, 'text/csv', 'dryRun=true'));
    counts.dryXlsx = await measure(`dry run, ${ROWS} new rows (xlsx)`, () => post(book, XLSX, 'dryRun=true'));
    counts.apply = await measure(`apply, ${ROWS} creations (CSV)`, () => post(sjis, 'text/csv', 'dryRun=false'));
    counts.again = await measure(`apply the same file again (all unchanged)`, () => post(sjis, 'text/csv', 'dryRun=false'));
    counts.update = await measure(`dry run, ${ROWS / 10} updates`, () => post(changed, 'text/csv', 'dryRun=true'));
    counts.applyUpdate = await measure(`apply, ${ROWS / 10} updates`, () => post(changed, 'text/csv', 'dryRun=false'));
    console.log(JSON.stringify(counts));
  } finally {
    await app.close();
    await db.dispose();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
