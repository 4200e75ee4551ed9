import { isDatabaseUnavailable } from "../../core/storage/unavailable.js";

function failure(message: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), fields);
}

describe("which database errors mean 'unreachable, retry later'", () => {
  test("a refused or reset connection and a server shutting down are unavailability", () => {
    expect(isDatabaseUnavailable(failure("connect ECONNREFUSED", { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(failure("read ECONNRESET", { code: "ECONNRESET" }))).toBe(true);
    expect(isDatabaseUnavailable(failure("terminating connection", { code: "57P01" }))).toBe(true);
    expect(isDatabaseUnavailable(failure("select 1 - Connection terminated unexpectedly"))).toBe(true);
    expect(
      isDatabaseUnavailable(failure("Knex: Timeout acquiring a connection", { name: "KnexTimeoutError" })),
    ).toBe(true);
  });

  test("a faulty query is not unavailability", () => {
    expect(isDatabaseUnavailable(failure('relation "nope" does not exist', { code: "42P01" }))).toBe(false);
    expect(isDatabaseUnavailable(failure("UNIQUE constraint failed", { code: "SQLITE_CONSTRAINT" }))).toBe(
      false,
    );
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
  });
});
