// The reliability suite starts PostgreSQL as the e2e suite does and clears the previous run's figures.
import { rmSync } from 'node:fs';
import e2eSetup from '../../support/global-setup';
import { FIGURES_DIR } from './figures';

export default async function globalSetup(): Promise<void> {
  rmSync(FIGURES_DIR, { recursive: true, force: true });
  await e2eSetup();
}
