// Prints every file's figures as one table (also kept in test-output/reliability/).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import e2eTeardown from '../../support/global-teardown';
import { FIGURES_DIR, summaryTable } from './figures';

export default async function globalTeardown(): Promise<void> {
  await e2eTeardown();
  const table = summaryTable();
  if (!table) return;
  writeFileSync(join(FIGURES_DIR, 'summary.md'), `${table}\n`);
  process.stdout.write(`\nReliability figures (test-output/reliability/):\n${table}\n`);
}
