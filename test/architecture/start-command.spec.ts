// The API runs with the same memory settings however it is started: `npm start` (and so the bench,
// which starts it the same way) and the container image.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const root = process.cwd(); // Jest runs from the repository root

describe('how the API process is started', () => {
  it('the Dockerfile sets the environment and node flags of the npm start script', () => {
    const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    const words = start.split(/\s+/);
    const node = words.indexOf('node');
    const env = words.slice(0, node);
    const flags = words.slice(node + 1, -1);
    expect(words.at(-1)).toBe('dist/apps/api/src/main.js');
    expect(flags.length).toBeGreaterThan(0);
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    for (const assignment of env) expect(dockerfile).toContain(`ENV ${assignment}`);
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...flags, 'dist/apps/api/src/main.js']);
  });
});
