/**
 * Jest projects: unit (pure, fast), integration (real emulators), infra (CDK), e2e (local runtime),
 * browser (the console in Chromium).
 */
const transform = {
  '^.+\\.ts$': [
    'ts-jest',
    {
      tsconfig: {
        isolatedModules: true,
        module: 'commonjs',
        moduleResolution: 'node10',
        ignoreDeprecations: '6.0',
      },
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
  // Emulators, CDK synths and the local runtime need more than jest's 5 s default.
  testTimeout: 60_000,
  projects: [
    project('unit'),
    project('integration', {
      globalSetup: '<rootDir>/test/support/emulators-setup.ts',
      globalTeardown: '<rootDir>/test/support/emulators-teardown.ts',
    }),
    project('infra'),
    project('e2e'),
    // The operator console in real Chromium against the local runtime.
    {
      displayName: 'browser',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/console/test/**/*.test.ts'],
      globalSetup: '<rootDir>/console/test/support/build-setup.ts',
    },
  ],
};
