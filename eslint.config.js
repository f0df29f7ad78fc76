// ESLint, flat config. `npm run lint` allows no warning, so a rule here is either worth fixing
// every time or off. Types are checked by `tsc -b` (tsconfig.json), import boundaries by
// scripts/import-boundaries.test.ts; this catches what neither does: unused code, the rules of
// hooks and the React Compiler's rules, and JavaScript mistakes. Rules that need type
// information are left out so lint stays a few seconds on two cores.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig([
  globalIgnores(["dist/", "dist-cli/", "reports/", "test-results/", "playwright-report/", "public/", "**/*.d.ts", "**/*.d.mts"]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    extends: [reactHooks.configs.flat.recommended],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `_name` marks a parameter or binding kept on purpose (a callback's shape, a tuple slot).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // Type-only imports must say so: verbatimModuleSyntax keeps anything else as a runtime import.
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // Tests build deliberately malformed files and poke at them; `any` is the honest type there.
    files: ["**/*.test.{ts,tsx}", "e2e/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Plain JavaScript run by Node: scripts and this file. (For TypeScript, tsc resolves names.)
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { globals: globals.node },
  },
]);
