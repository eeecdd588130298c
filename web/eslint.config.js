// ESLint (flat config): typescript-eslint's type-checked recommended rules over the
// application (src/) and its unit tests (test/). `npm run lint` runs it with `prettier --check`.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // Generated from i18n/messages.toml (scripts/catalogue.mjs); the build output.
  { ignores: ["dist/", "src/catalogue*.gen.ts", "node_modules/"] },
  {
    files: ["src/**/*.ts", "test/**/*.ts"],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test() returns a promise its runner awaits; every other call is checked.
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["test", "describe", "it"] },
          ],
        },
      ],
    },
  },
);
