import type { Config } from "./schema.js";

/**
 * The configuration keys an operation reads, section by section:
 * `ConfigSlice<{ i18n: "locale"; homeserver: "domain" }>`. The whole config fits it, so callers
 * pass theirs unchanged; a unit test passes only those keys, and a reader sees what the operation
 * depends on.
 */
export type ConfigSlice<Keys extends { [Section in keyof Config]?: keyof Config[Section] }> = {
  readonly [Section in keyof Keys & keyof Config]: Pick<
    Config[Section],
    Keys[Section] & keyof Config[Section]
  >;
};
