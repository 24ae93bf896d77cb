// Three tiers, one run: unit (*.spec.ts, no I/O), integration (*.int-spec.ts, real Kafka and PostgreSQL)
// and e2e (e2e/**/*.e2e-spec.ts, the whole platform as processes). `npx jest --selectProjects unit` runs one.
'use strict';
const { swcOptions, aliases } = require('./tools/build/swc-options');

const moduleNameMapper = Object.fromEntries(
  Object.entries(aliases).map(([alias, [target]]) => [`^${alias.replace(/[/]/g, '\\/')}$`, `<rootDir>/${target}`]),
);

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swcOptions({ forJest: true })] },
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

const withInfrastructure = {
  globalSetup: '<rootDir>/tools/testing/global-setup.ts',
  globalTeardown: '<rootDir>/tools/testing/global-teardown.ts',
  // Deletes each test file's Kafka topics when the file is done, so a run's broker never piles them up.
  testEnvironment: '<rootDir>/tools/testing/kafka-cleanup-environment.js',
};

module.exports = {
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools,bench}/**/*.spec.ts'] },
    { ...common, ...withInfrastructure, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int-spec.ts'] },
    { ...common, ...withInfrastructure, displayName: 'e2e', testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'] },
  ],
};
