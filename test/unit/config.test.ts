import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { buildConfig, ConfigError, loadConfigFile } from "../../core/config/load.js";
import { configReferenceMarkdown, sampleConfigYaml } from "../../core/config/sample.js";
import { configFields } from "../../core/config/schema.js";
import { validRawConfig } from "../support/config.js";

function problemsOf(raw: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    buildConfig(raw, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("configuration", () => {
  test("a complete config yields typed values with defaults filled in", () => {
    const { config } = buildConfig(validRawConfig());
    expect(config.appservice.port).toBe(9000);
    expect(config.appservice.bot_localpart).toBe("plenum");
    expect(config.i18n).toEqual({ locale: "de", timezone: "Europe/Berlin" });
  });

  test("the config object is frozen so nothing can change it after start-up", () => {
    const { config } = buildConfig(validRawConfig());
    expect(Object.isFrozen(config.appservice)).toBe(true);
  });

  test("a misspelt key is warned about by name with a suggestion", () => {
    const raw = validRawConfig();
    raw.appservice!.bot_localprt = "x";
    expect(buildConfig(raw).warnings).toEqual([
      'unknown key "appservice.bot_localprt" (did you mean "appservice.bot_localpart"?); it is ignored',
    ]);
  });

  test("a misspelt required key names both the typo and the missing key", () => {
    const raw = validRawConfig();
    delete raw.appservice!.hs_token;
    raw.appservice!.hs_tokn = "hs-token-0123456789abcdef";
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^appservice\.hs_token: missing \(required\)/);
    expect(problems[1]).toBe(
      'unknown key "appservice.hs_tokn" (did you mean "appservice.hs_token"?); it is ignored',
    );
  });

  test("a value of the wrong type names the key and what is expected", () => {
    const raw = validRawConfig();
    raw.appservice!.port = "nine thousand";
    expect(problemsOf(raw)[0]).toMatch(/^appservice\.port: .*expected number/);
  });

  test("an unknown time zone is refused with an example of a valid one", () => {
    const raw = validRawConfig();
    raw.i18n = { timezone: "Europe/Gotham" };
    expect(problemsOf(raw)[0]).toMatch(/^i18n\.timezone: expected an IANA time zone such as Europe\/Berlin/);
  });

  test("a recording link lifetime beyond a week is refused, naming the limit", () => {
    const raw = validRawConfig();
    raw.http = { ...raw.http, recording_link_lifetime: "169h" };
    expect(problemsOf(raw)[0]).toMatch(/^http\.recording_link_lifetime: at most 7 days \(168h\)/);
    raw.http.recording_link_lifetime = "168h";
    expect(problemsOf(raw)).toEqual([]);
  });

  test("a malformed admin user id is refused", () => {
    const raw = validRawConfig();
    raw.access = { admins: ["admin"] };
    expect(problemsOf(raw)[0]).toMatch(/^access\.admins\.0: expected a Matrix user id/);
  });

  test("an admin room of room version 12, whose id has no server part, is accepted", () => {
    const raw = validRawConfig();
    raw.access = { admin_room: "!kzMuQ3XG9FrLLLd9pqHs-WKipvUXBrPX9WubS1-mJVA" };
    expect(problemsOf(raw)).toEqual([]);
  });

  test("an admin room id with a look-alike letter is refused", () => {
    const raw = validRawConfig();
    raw.access = { admin_room: "!kzMuQ3XG9FrLLLd9pqHs-WKipvUXBrPX9WubS1-mJVА" };
    expect(problemsOf(raw)[0]).toMatch(
      /^access\.admin_room: expected a Matrix room id such as !abc:example\.org/,
    );
  });

  test("a bot_localpart with + is accepted, as the user id grammar allows it", () => {
    const raw = validRawConfig();
    raw.appservice = { ...(raw.appservice as object), bot_localpart: "plenum+council" };
    expect(problemsOf(raw)).toEqual([]);
  });

  test("a bot_localpart with a capital letter or a colon is refused as no localpart", () => {
    for (const localpart of ["Plenum", "plenum:x"]) {
      const raw = validRawConfig();
      raw.appservice = { ...(raw.appservice as object), bot_localpart: localpart };
      expect(problemsOf(raw)[0]).toMatch(/^appservice\.bot_localpart: expected a Matrix localpart/);
    }
  });

  test("an environment variable overrides a secret from the file", () => {
    const { config } = buildConfig(validRawConfig(), {
      PLENUM_APPSERVICE_AS_TOKEN: "from-env-0123456789abc",
    });
    expect(config.appservice.as_token).toBe("from-env-0123456789abc");
  });

  test("an environment variable for a number is converted and checked", () => {
    expect(buildConfig(validRawConfig(), { PLENUM_HTTP_PORT: "8443" }).config.http.port).toBe(8443);
    expect(problemsOf(validRawConfig(), { PLENUM_HTTP_PORT: "eighty" })).toEqual([
      'PLENUM_HTTP_PORT: expected a number, got "eighty"',
    ]);
  });

  test("a secret can be read from a file named by <key>_file", () => {
    const dir = mkdtempSync(join(tmpdir(), "plenum-secret-"));
    writeFileSync(join(dir, "hs"), "hs-token-from-a-file-0000\n");
    const raw = validRawConfig();
    delete raw.appservice!.hs_token;
    raw.appservice!.hs_token_file = join(dir, "hs");
    expect(buildConfig(raw).config.appservice.hs_token).toBe("hs-token-from-a-file-0000");
  });

  test("secrets, including a database password, are reported so logs can scrub them", () => {
    const raw = validRawConfig();
    raw.database = { url: "postgres://plenum:s3cret-pass@db/plenum" };
    const { secrets } = buildConfig(raw);
    expect(secrets).toEqual(
      expect.arrayContaining(["as-token-0123456789abcdef", "hs-token-0123456789abcdef", "s3cret-pass"]),
    );
  });

  test("a file that is not a mapping is refused with its path", () => {
    const dir = mkdtempSync(join(tmpdir(), "plenum-config-"));
    writeFileSync(join(dir, "config.yaml"), "- just\n- a list\n");
    expect(() => loadConfigFile(join(dir, "config.yaml"), {})).toThrow(/config\.yaml must hold a mapping/);
  });

  test("the generated sample config is itself a valid config with every key documented", () => {
    const sample = sampleConfigYaml();
    const { config, warnings } = buildConfig(parse(sample));
    expect(warnings).toEqual([]);
    expect(config.homeserver.domain).toBe("example.org");
    for (const [section, fields] of Object.entries(configFields)) {
      for (const key of Object.keys(fields))
        expect(configReferenceMarkdown()).toContain(`\`${section}.${key}\``);
    }
  });

  describe("services", () => {
    const service = { id: "ox", token: "ox-token-0123456789abcdef0123456789", act_for: ["@*:example.org"] };

    test("a service's token may come from a file named in its entry, and is scrubbed from logs", () => {
      const dir = mkdtempSync(join(tmpdir(), "plenum-secret-"));
      writeFileSync(join(dir, "ox"), "ox-token-from-a-file-0123456789abcdef\n");
      const raw = {
        ...validRawConfig(),
        services: [{ id: "ox", token_file: join(dir, "ox"), act_for: ["example.org"] }],
      };
      const { config, secrets } = buildConfig(raw);
      expect(config.services[0]!.token).toBe("ox-token-from-a-file-0123456789abcdef");
      expect(secrets).toContain("ox-token-from-a-file-0123456789abcdef");
    });

    test("an act_for entry that is no actor is refused by its place in the list", () => {
      const raw = { ...validRawConfig(), services: [{ ...service, act_for: ["@alice"] }] };
      expect(problemsOf(raw)).toEqual([
        expect.stringMatching(/^services\.0\.act_for\.0: expected a user id, a glob/),
      ]);
    });

    test("two services with the same token are refused, so neither can pass for the other", () => {
      const raw = { ...validRawConfig(), services: [service, { ...service, id: "exchange" }] };
      expect(problemsOf(raw)).toEqual([
        expect.stringMatching(/^services\.1\.token: the same as another service's token/),
      ]);
    });

    test("a misspelt key in a service's entry is refused, not ignored", () => {
      const raw = { ...validRawConfig(), services: [{ ...service, act_four: ["@bob:example.org"] }] };
      expect(problemsOf(raw)).toEqual([expect.stringMatching(/^services\.0: Unrecognized key: "act_four"/)]);
    });

    test("without services the service API has none", () => {
      expect(buildConfig(validRawConfig()).config.services).toEqual([]);
    });
  });
});
