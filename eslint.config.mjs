// ESLint flat config. `npm test` runs it without --fix: lint reports, it never rewrites sources.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["lib/**", "node_modules/**", "cdktf.out/**", "coverage/**", "**/*.js", "**/*.mjs", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "always"],
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@cdktf/provider-azurerm",
              message: "Deep-import the resource instead: @cdktf/provider-azurerm/lib/<resource> (the barrel costs ~3 s and ~400 MB).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["cdktf", "cdktf/*", "constructs", "constructs/*", "@cdktf/*"],
              message: "src/ is framework-free: it ships inside agent containers. Put framework code in constructs/.",
            },
          ],
        },
      ],
    },
  },
);
