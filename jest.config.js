/** Jest projects: unit (pure, fast), integration (real emulators), infra (CDK), e2e (local runtime). */
const transform = {
  '^.+\\.ts$': [
    'ts-jest',
    {
      isolatedModules: true,
      tsconfig: { module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0' },
    },
  ],
};
const project = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  transform,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  ...extra,
});

module.exports = {
  projects: [
    project('unit'),
    project('integration', {
      testTimeout: 30_000,
      globalSetup: '<rootDir>/test/support/emulators-setup.ts',
      globalTeardown: '<rootDir>/test/support/emulators-teardown.ts',
    }),
    project('infra'),
    project('e2e', { testTimeout: 60_000 }),
  ],
};
