import nx from '@nx/eslint-plugin';

/**
 * Module boundaries are part of the architecture, enforced here:
 * contracts depend on nothing; domain libs on contracts and utils only; platform libs on contracts,
 * utils and each other; apps on libs but never on another app; tooling and e2e on libs.
 */
const layers = {
  'type:contracts': ['type:contracts'],
  'type:util': ['type:util'],
  'type:domain': ['type:contracts', 'type:domain', 'type:util'],
  'type:platform': ['type:contracts', 'type:platform', 'type:util'],
  'type:app': ['type:contracts', 'type:domain', 'type:platform', 'type:util'],
  'type:tooling': ['type:contracts', 'type:domain', 'type:platform', 'type:util', 'type:tooling'],
  'type:e2e': ['type:contracts', 'type:domain', 'type:platform', 'type:util', 'type:tooling'],
};
const scopes = ['ingestion', 'normalizer', 'fraud', 'gateway'].map((scope) => ({
  sourceTag: `scope:${scope}`,
  onlyDependOnLibsWithTags: ['scope:shared', `scope:${scope}`],
}));

/** Production code keeps to its layer; tests may also use the test tooling (servers, builders, helpers). */
function boundaries({ tests }) {
  const depConstraints = [
    ...Object.entries(layers).map(([sourceTag, allowed]) => ({ sourceTag, onlyDependOnLibsWithTags: tests ? [...allowed, 'type:tooling'] : allowed })),
    ...scopes,
  ];
  return ['error', { enforceBuildableLibDependency: false, banTransitiveDependencies: false, allow: [], depConstraints }];
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '.cache', '.data', '.nx', 'coverage', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries({ tests: false }),
      // Config classes annotate property types on purpose: SWC emits design:type metadata only from annotations.
      '@typescript-eslint/no-inferrable-types': ['error', { ignoreProperties: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    // *.test-support.ts / *.test-harness.ts: helpers shared by a project's specs, held to the same rules.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.test-support.ts', '**/*.test-harness.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries({ tests: true }),
      '@typescript-eslint/no-non-null-assertion': 'off',
      // No focused or skipped tests in the tree: a skipped test is a check that cannot fail.
      'no-restricted-properties': [
        'error',
        ...['describe', 'it', 'test'].flatMap((object) => ['only', 'skip'].map((property) => ({ object, property, message: 'Do not commit focused or skipped tests.' }))),
      ],
      'no-restricted-globals': ['error', ...['fit', 'fdescribe', 'xit', 'xdescribe', 'xtest'].map((name) => ({ name, message: 'Do not commit focused or skipped tests.' }))],
    },
  },
];
