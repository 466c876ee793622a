import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'dist-subpath', 'node_modules', 'test-results', 'playwright-report', 'public', 'screenshots-tmp'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    // Nothing in the page is ever parsed as HTML: text goes in as text (React, d3's .text()).
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'html'].map((property) => ({ property, message: 'Never parse strings as HTML; set text instead.' })),
        ...['write', 'writeln'].map((property) => ({ object: 'document', property, message: 'Never parse strings as HTML; set text instead.' })),
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Never parse strings as HTML; render text instead.' },
        { selector: "CallExpression[callee.name='eval'], NewExpression[callee.name='Function']", message: 'No eval: the page runs under a CSP without unsafe-eval.' },
      ],
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The models layer knows tfjs and nothing of React, d3 or the page.
    files: ['src/models/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['react', 'react-dom', 'd3', 'd3-*', '**/app/**', '**/viz/**'] }],
    },
  },
  {
    // The viz layer draws plain data; it never sees a tensor. It may name the models' plain record
    // types (a graph, a shape), which vanish at compile time, but import no code from them.
    // (Its tests may build real graphs from the specs.)
    files: ['src/viz/**/*.ts'],
    ignores: ['src/viz/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tensorflow/*', 'react', 'react-dom', '**/app/**'] },
            { group: ['**/models/**'], allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
