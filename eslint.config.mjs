// Lint rules for the whole repository: typed typescript-eslint rules; layout is Prettier's job.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      '.e2e-out/',
      'test/fixtures/',
      'samples/',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      curly: ['error', 'multi-line'],
    },
  },
  {
    // The server core never prints to stdout (stdio transport) and never imports the editor API.
    files: ['server/src/**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': ['error', { paths: ['vscode'] }],
    },
  },
  {
    // Pure layers: no file system, no process streams, no connection.
    files: [
      'server/src/syntax/**/*.ts',
      'server/src/rules/**/*.ts',
      'server/src/features/**/*.ts',
      'server/src/index/driverModel.ts',
      'server/src/index/driverGrouping.ts',
      'server/src/index/driverAssembly.ts',
      'server/src/index/handlerResolution.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'vscode',
            'fs',
            'node:fs',
            'fs/promises',
            'node:fs/promises',
            'child_process',
            'node:child_process',
          ],
          patterns: ['vscode-languageserver/node', '**/main', '**/server'],
        },
      ],
    },
  },
);
