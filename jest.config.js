// Projects so CI can report them apart: pure unit tests, the storage suite (run on SQLite and on
// PostgreSQL: the server PLENUM_TEST_POSTGRES_URL names, else a throwaway one the run starts when the
// postgresql package is installed), end-to-end tests against a real Synapse, and the container image.
// Exported for test/support/harness/jest.config.js, a Jest the cleanup tests run as a process of its own.
export const shared = {
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: { "^.+\\.ts$": ["ts-jest", { useESM: true }] },
  testEnvironment: "node",
};

export default {
  // matrix-js-sdk (the test users' client) leaves a request-timeout timer behind for every request
  // it made; they would hold the run open for minutes after the last test.
  forceExit: true,
  // Project configs may not set this in Jest 29; unit tests finish far below it anyway.
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts"] },
    {
      ...shared,
      displayName: "storage",
      testMatch: ["<rootDir>/test/storage/**/*.test.ts"],
      globalSetup: "<rootDir>/test/support/postgres-setup.mjs",
      globalTeardown: "<rootDir>/test/support/postgres-teardown.mjs",
    },
    {
      ...shared,
      displayName: "e2e",
      testMatch: ["<rootDir>/test/e2e/**/*.test.ts"],
      globalSetup: "<rootDir>/test/support/global-setup.ts",
      globalTeardown: "<rootDir>/test/support/global-teardown.ts",
      setupFiles: ["<rootDir>/test/support/quiet-console.ts"],
    },
    // Not part of `npm test` (which selects the three above): it builds the container image with
    // buildah first; CI runs it as a step of its own (npm run test:image).
    {
      ...shared,
      displayName: "image",
      testMatch: ["<rootDir>/test/image/**/*.test.ts"],
      globalSetup: "<rootDir>/test/support/global-setup.ts",
      globalTeardown: "<rootDir>/test/support/global-teardown.ts",
      setupFiles: ["<rootDir>/test/support/quiet-console.ts"],
    },
  ],
};
