// Type-aware linting; import boundaries keep domains behind their @app/<domain> surface.
import tseslint from 'typescript-eslint';

// One composition root per process: apps/api, apps/worker and apps/cli import libraries, never
// another app; what two processes share lives in a library. libs never import an app; tests and the
// bench reach the API only through its entry point createApp, and only from test/support and bench.
const BASE_PATTERNS = [
  { group: ['../../../libs/*', '../../../../libs/*'], message: 'Reach a library through @app/<domain>.' },
  { group: ['@app/*/src/*'], message: 'Import a library through its index (@app/<domain>).' },
];
const NO_OTHER_APP = {
  regex: '(^|/)apps/|^(\\.\\./)+(api|worker|cli)/',
  message: 'An app never imports another app (one composition root per process): move what both need into a library.',
};
const NO_APP = { regex: '(^|/)apps/', message: 'Only test/support and bench may import an app, and only the API entry point (createApp).' };
const ONLY_CREATE_APP = {
  regex: '(^|/)apps/(?!api/src/create-app$)',
  message: 'test/support and bench import the API through its entry point (apps/api/src/create-app) only.',
};

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
            { group: ['../../*/src/*', '../../../*/src/*'], message: 'Reach another library through @app/<domain>.' },
            { group: ['@app/*/src/*'], message: 'Import a library through its index (@app/<domain>).' },
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
        { patterns: [{ group: ['@app/*', '!@app/shared'], message: 'libs/shared imports no domain.' }, NO_APP] },
      ],
    },
  },
  {
    files: ['libs/eligibility-engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['@nestjs/common', '@nestjs/core', 'typeorm'],
          patterns: [{ group: ['@app/*'], message: 'The eligibility engine depends on nothing but its own types.' }, NO_APP],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts', 'apps/cli/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-unsafe-call': 'off', '@typescript-eslint/no-unsafe-return': 'off', '@typescript-eslint/no-unsafe-member-access': 'off', '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/no-unsafe-argument': 'off' },
  },
);
