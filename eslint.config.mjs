// Type-aware linting; import boundaries keep domains behind their @app/<domain> surface.
import { readFileSync } from 'node:fs';
import tseslint from 'typescript-eslint';

/** Reaching into a library by path (../libs/x, libs/x/src/y) or past its index (@app/x/src/y, @app/x/y). */
const DEEP_IMPORTS = [
  { regex: '^(\\.{1,2}/)*(\\.\\./)*libs/', message: 'Reach a library through @app/<library>, never by path.' },
  { regex: '^@app/[^/]+/', message: 'Import a library through its index (@app/<library>).' },
];

/** The packages the eligibility engine may import: the list under "Allowed imports" in its README. */
const ENGINE_PACKAGES = [
  ...readFileSync(new URL('./libs/eligibility-engine/README.md', import.meta.url), 'utf8')
    .split('## Allowed imports')[1]
    .split('\n## ')[0]
    .matchAll(/^- `([^`]+)`/gm),
].map((m) => m[1]);
const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An allow-list: everything but the engine's own files (./), Node built-ins and `packages` is refused. */
const engineAllowList = (packages) => ({
  regex: `^(?!\\./|node:|(${packages.map(escapeRegex).join('|')})(/|$))`,
  message: `The eligibility engine imports only its own files, node:* and ${ENGINE_PACKAGES.join(', ')} (libs/eligibility-engine/README.md).`,
});
/** From libs/<x>/src/…, a relative path into another library. */
const OTHER_LIBRARY = { regex: '^(\\.\\./){2,}[^./][^/]*/src(/|$)', message: 'Reach another library through @app/<library>.' };

// One composition root per process: apps/api, apps/worker and apps/cli import libraries, never
// another app; what two processes share lives in a library. libs never import an app; tests and the
// bench reach the API only through its entry point createApp, and only from test/support and bench.
const NO_OTHER_APP = {
  regex: '(^|/)apps/|^(\\.\\./)+(api|worker|cli)/',
  message: 'An app never imports another app (one composition root per process): move what both need into a library.',
};
const NO_APP = { regex: '(^|/)apps/', message: 'Only test/support and bench may import an app, and only the API entry point (createApp).' };
const ONLY_CREATE_APP = {
  regex: '(^|/)apps/(?!api/src/create-app$)',
  message: 'test/support and bench import the API through its entry point (apps/api/src/create-app) only.',
};
const BASE_PATTERNS = DEEP_IMPORTS;

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'migrations/*-*.ts', '**/*.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/unbound-method': 'off',
      'no-console': 'error',
      'no-restricted-imports': ['error', { patterns: BASE_PATTERNS }],
    },
  },
  { files: ['apps/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [...BASE_PATTERNS, NO_OTHER_APP] }] } },
  { files: ['test/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [...BASE_PATTERNS, NO_APP] }] } },
  {
    files: ['test/support/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...BASE_PATTERNS, ONLY_CREATE_APP] }] },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/shared/**/*.ts', 'libs/eligibility-engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...DEEP_IMPORTS,
            OTHER_LIBRARY,
            { group: ['**/apps/*'], message: 'A library never imports an app.' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...DEEP_IMPORTS,
            OTHER_LIBRARY,
            NO_APP,
            { group: ['@app/*', '!@app/shared'], message: 'libs/shared imports no domain.' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/eligibility-engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [engineAllowList(ENGINE_PACKAGES)] }] },
  },
  {
    files: ['libs/eligibility-engine/**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [engineAllowList([...ENGINE_PACKAGES, '@jest/globals'])] }] },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts', 'apps/cli/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-unsafe-call': 'off', '@typescript-eslint/no-unsafe-return': 'off', '@typescript-eslint/no-unsafe-member-access': 'off', '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/no-unsafe-argument': 'off' },
  },
);
