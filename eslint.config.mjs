// ESLint flat config: Next's own rules (core web vitals, React, hooks, jsx-a11y) with
// typescript-eslint, and eslint-config-prettier last so formatting is Prettier's alone.
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';
import prettier from 'eslint-config-prettier/flat';

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  prettier,
  {
    rules: {
      // `_`-prefixed names are deliberately unused (destructured away, placeholders).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // Only a note for the React Compiler, which this app does not use (react-hook-form's watch).
      'react-hooks/incompatible-library': 'off',
      // The React Compiler's rules, for code the compiler memoises; without it these patterns are
      // sound here: a flag set after hydration, focus moved after a render, and the date a server
      // component renders once per request.
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/refs': 'off',
      'react-hooks/purity': 'off',
    },
  },
  {
    // A request acts as its signed-in staff member (requireStaff), never as the system: the
    // system actors are the command line tools' and the worker's (lib/domain/actor.ts).
    files: ['app/**', 'proxy.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/domain/actor'],
              importNames: ['systemActor'],
              message:
                'Pages, actions and route handlers act as the signed-in staff member (requireStaff).',
            },
          ],
        },
      ],
    },
  },
  globalIgnores([
    '.next/**',
    'node_modules/**',
    'lib/generated/**',
    'next-env.d.ts',
    'data/**',
    'bench-out/**',
    'reports/**',
    'test-results/**',
    'playwright-report/**',
    'public/**',
    '.lighthouse-baseline/**',
  ]),
]);
