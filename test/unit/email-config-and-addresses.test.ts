import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildConfig, ConfigError } from "../../core/config/load.js";
import { splitAddresses } from "../../core/email/address.js";
import { validRawConfig } from "../support/config.js";
import { errorOf } from "../support/user-error.js";

function problemsOf(email: Record<string, unknown>): string[] {
  try {
    buildConfig({ ...validRawConfig(), email });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("e-mail configuration", () => {
  test("without an email section, e-mail is off", () => {
    expect(buildConfig(validRawConfig()).config.email.smtp_url).toBeUndefined();
  });

  test("an SMTP URL without a sender is refused with a message naming email.from", () => {
    expect(problemsOf({ smtp_url: "smtp://mail.example.org:587" })).toEqual([
      expect.stringMatching(/^email\.from: missing \(required with email\.smtp_url\)/),
    ]);
  });

  test("a URL that is not smtp or smtps and a malformed sender are refused with clear messages", () => {
    const problems = problemsOf({ smtp_url: "http://mail.example.org", from: "Plenum <nobody>" });
    expect(problems.join("\n")).toMatch(
      /email\.smtp_url: expected smtp:\/\/host:port or smtps:\/\/host:port/,
    );
    expect(problems.join("\n")).toMatch(/email\.from: expected an address such as plenum@example\.org/);
  });

  test("the SMTP password may come from a file and is treated as a secret", () => {
    const dir = mkdtempSync(join(tmpdir(), "plenum-email-"));
    writeFileSync(join(dir, "smtp"), "s3cret-smtp-password\n");
    const loaded = buildConfig({
      ...validRawConfig(),
      email: {
        smtp_url: "smtps://plenum:url-password-1@mail.example.org",
        from: "Plenum <plenum@example.org>",
        password_file: join(dir, "smtp"),
      },
    });
    expect(loaded.config.email.password).toBe("s3cret-smtp-password");
    expect(loaded.secrets).toEqual(expect.arrayContaining(["s3cret-smtp-password", "url-password-1"]));
  });
});

describe("addresses typed after !meet invite", () => {
  test("addresses are told apart from user ids and rooms, normalized and deduplicated", () => {
    expect(splitAddresses("jane@Example.ORG @bob:example.org, jane@example.org #team:example.org")).toEqual({
      addresses: ["jane@example.org"],
      rest: "@bob:example.org #team:example.org",
    });
  });

  test.each(["jane@", "jane@localhost", "a..b@example.org", "<x>@example.org"])(
    "“%s” is refused as an address",
    (word) => {
      expect(errorOf(() => splitAddresses(`@bob:example.org ${word}`)).key).toBe("email.bad_address");
    },
  );
});
