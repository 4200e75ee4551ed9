import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "vendor/**", "coverage/**", "widgets/dist/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ["**/*.mjs", "**/*.js", "**/*.cjs"], languageOptions: { globals: globals.node } },
  // Executables without an extension (the Jibri finalize script): plain JavaScript for Node.
  { files: ["bin/plenum-jibri-finalize"], languageOptions: { globals: globals.node, sourceType: "script" } },
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through core/config only." },
      ],
    },
  },
  {
    files: ["core/config/**/*.ts", "test/**/*.ts", "scripts/**/*.ts", "app/**/*.ts", "bench/run.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // Browser code: it may share only the API types with the server, never server modules.
    files: ["widgets/**/*.ts", "test/support/widget-host/**/*.ts"],
    languageOptions: { globals: globals.browser },
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["**/bots/**", "**/bridge/**", "**/app/**", "**/core/!(widgets)/**", "**/core/*.js"] },
      ],
    },
  },
  {
    files: ["bots/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: ["**/bridge/**"] }] },
  },
  {
    files: ["bridge/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: ["**/bots/**"] }] },
  },
  {
    files: ["core/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: ["**/bots/**", "**/bridge/**", "**/app/**"] }] },
  },
);
