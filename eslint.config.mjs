import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'dist/**', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    // The domain core is pure: no I/O, no framework, no driver. Time comes from an injected clock.
    files: ['src/domain/**/*.ts'],
    // Tests may read their fixtures from disk; the code under test may not.
    ignores: ['src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', '!node:crypto'],
              message: 'The domain core does no I/O; only node:crypto (pure hashing and signing) is allowed.',
            },
            {
              group: ['fastify', 'fastify/*', '@fastify/*', 'better-sqlite3', 'pg', 'undici'],
              message: 'The domain core imports no framework or driver.',
            },
            {
              group: ['**/adapters/**', '**/edges/**', '**/services/**', '**/app/**', '**/config/**'],
              message: 'Imports point inward: the domain imports nothing outside it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['fastify', 'fastify/*', '@fastify/*', 'better-sqlite3', 'pg'],
              message: 'Services use ports, not frameworks or drivers.',
            },
            {
              group: ['**/edges/**', '**/app/**', '**/adapters/*/sqlite/**', '**/adapters/*/postgres/**'],
              message: 'Services depend on ports (interface.ts), never on concrete adapters or edges.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Response bodies in tests are asserted on, not typed; domain and service code stay any-free.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
