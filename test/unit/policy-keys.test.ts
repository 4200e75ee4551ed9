import fc from "fast-check";
import { UserError } from "../../core/errors/user-error.js";
import { POLICY_KEYS, policyKey, policyKeys, type PolicyKeySpec } from "../../core/policy/keys.js";
import { buildConfig } from "../../core/config/load.js";
import { errorOf } from "../support/user-error.js";
import { validRawConfig } from "../support/config.js";

const context = { ownDomain: "example.org" };
const spec = (key: (typeof POLICY_KEYS)[number]) => policyKeys[key] as PolicyKeySpec<unknown>;

describe("policy keys", () => {
  test("every key's seed from the default config formats to text its parser accepts unchanged", () => {
    const { config } = buildConfig(validRawConfig());
    for (const key of POLICY_KEYS) {
      const text = spec(key).format(spec(key).seed(config));
      expect(spec(key).format(spec(key).parse(text, context))).toBe(text);
    }
  });

  test("creators and allowed servers default to the homeserver's own domain", () => {
    const { config } = buildConfig(validRawConfig());
    expect(policyKeys.creators.format(policyKeys.creators.seed(config))).toBe("example.org");
    expect(policyKeys.allowed_servers.seed(config)).toEqual(["example.org"]);
  });

  test.each([
    ["organizer_power", "75", "policy.invalid_value"],
    ["moderator_power", "101", "policy.invalid_value"],
    ["moderator_power", "-1", "policy.invalid_value"],
    ["moderator_power", "1e2", "policy.invalid_value"],
    ["after_end", "delete", "policy.invalid_value"],
    ["allow_open_ended_series", "maybe", "policy.invalid_value"],
    ["allowed_servers", "partner.example.net", "policy.own_domain_required"],
    ["allowed_servers", "example.org, bad server", "policy.invalid_server"],
    ["partner_servers", "a.org,,b.org", "policy.invalid_value"],
    ["creators", "@jаne:example.org", "policy.invalid_actor"],
    ["open_join_rules", "invite", "policy.invalid_value"],
  ] as const)("%s = “%s” is refused with %s", (key, text, reason) => {
    expect(errorOf(() => spec(key).parse(text, context)).key).toBe(reason);
  });

  test("lists are written canonically: trimmed, deduplicated, comma-separated", () => {
    const parsed = policyKeys.allowed_servers.parse(" Example.org ,partner.net, example.org", context);
    expect(policyKeys.allowed_servers.format(parsed)).toBe("example.org, partner.net");
  });

  test("“none” is the empty list", () => {
    expect(policyKeys.partner_servers.parse("none", context)).toEqual([]);
    expect(policyKeys.partner_servers.format([])).toBe("none");
  });

  test.each(["__proto__", "constructor", "toString", "hasOwnProperty", ""])(
    "“%s” is no policy key",
    (text) => {
      expect(policyKey(text)).toBeUndefined();
    },
  );

  test("any text given to any key either is refused with a message or round-trips canonically", () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom(
        "__proto__",
        "constructor",
        "\r\n!admin policy reset creators",
        "\u0000",
        "on\n",
        "50 ",
      ),
      fc.string({ unit: "binary", maxLength: 50 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...POLICY_KEYS), hostile, (key, text) => {
        let value: unknown;
        try {
          value = spec(key).parse(text, context);
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
          return;
        }
        const canonical = spec(key).format(value);
        expect(spec(key).format(spec(key).parse(canonical, context))).toBe(canonical);
        expect([...canonical].some((char) => char.charCodeAt(0) < 0x20)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
