// The Jest that test/e2e/process-cleanup.test.ts runs as a process of its own, on the one test file
// beside this one, to see what a test run leaves running when it is interrupted or fails.
import { shared } from "../../../jest.config.js";

export default {
  ...shared,
  rootDir: "../../..",
  testMatch: ["<rootDir>/test/support/harness/*.harness.ts"],
  // As the real run: a test run that fails ends by process.exit (see the root jest.config.js).
  forceExit: true,
  testTimeout: 600_000,
};
