import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'lib', '.types', '.pack', 'node_modules', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // In tests a missing fixture should fail loudly at the assertion, which `!` does.
    files: ['test/**', 'e2e/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // The widget must never pull proxy or backend code (or full zod) into the browser bundle.
    files: ['widget/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/proxy/**', '**/src/backends/**', '**/src/sandbox/**'],
              message: 'The widget talks to the proxy over HTTP only.',
            },
            { group: ['zod'], message: 'Import contract types with `import type`; zod stays in the proxy.' },
          ],
        },
      ],
    },
  },
);
