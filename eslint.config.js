// Lint: ESLint with typescript-eslint's recommended rules (type-aware rules are left
// to `npm run typecheck`, which runs tsc in strict mode), plus the module rules below:
// sizes and the import boundaries between modules and of their pure domain/ folders.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SIZED_FILES = ['src/modules/**/*.ts', 'src/app.ts'];
const TESTS = ['**/*.test.ts'];

// Another module is reached only through its index.ts: its public surface. Import strings are
// relative, so each folder depth gets its own pattern (`../` from a module root, `../../` below).
const crossModule = (up) => ({
  regex: `^${'\\.\\./'.repeat(up)}[^./][^/]*/(?!index\\.js$).+`,
  message: 'Import another module only through its index.ts (`<module>/index.js`); export what you need there.',
});

// A domain/ folder holds pure deciders: no I/O, no clock, no framework. Type-only imports of
// platform and other modules are fine (erased when built); the module's own services are not.
const domainPurity = [
  {
    regex: '^\\.\\./[^./]',
    message: 'domain/ code imports only other domain files (and src/shared); move the I/O to the module service.',
  },
  {
    regex: '^\\.\\./\\.\\./[^./]',
    allowTypeImports: true,
    message: "domain/ code may import another module's types only: its index.ts wires services with side effects.",
  },
  {
    regex: '^(\\.\\./)+platform/',
    allowTypeImports: true,
    message: 'domain/ code may import platform types only: db, bus, logger and clock implementations have side effects.',
  },
  {
    regex: '^(node:|fastify|@fastify/|postgres$|ioredis$|nodemailer$|pino$|prom-client$)',
    allowTypeImports: true,
    message: 'domain/ code does no I/O: decide from the given state and let the service run the effects.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'bench/results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Sizes: a function reads on one screen, a file stays one topic.
  {
    files: SIZED_FILES,
    ignores: TESTS,
    rules: {
      'max-lines-per-function': ['error', { max: 70, skipBlankLines: true, skipComments: true }],
      'max-lines': ['error', { max: 500, skipBlankLines: false, skipComments: false }],
    },
  },
  // Boundaries. Later blocks replace the rule's options, so each depth lists all its patterns.
  {
    files: ['src/modules/*/*.ts'],
    ignores: TESTS,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [crossModule(1)] }] },
  },
  {
    files: ['src/modules/*/*/*.ts'],
    ignores: TESTS,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [crossModule(2)] }] },
  },
  ...[3, 4].map((depth) => ({
    files: [`src/modules/${'*/'.repeat(depth)}*.ts`],
    ignores: TESTS,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [crossModule(depth)] }] },
  })),
  {
    files: ['src/modules/*/domain/**/*.ts'],
    ignores: [...TESTS, '**/*.fixtures.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [crossModule(2), ...domainPurity] }] },
  },
);
