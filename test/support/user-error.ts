import { UserError } from "../../core/errors/user-error.js";

/** Runs `run` and returns the UserError it throws; fails the test if it throws nothing or something else. */
export function errorOf(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error("expected a UserError");
}
