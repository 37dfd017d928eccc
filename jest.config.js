/**
 * Jest: @swc/jest transpiles (fast, no type-check; `npm run typecheck` type-checks).
 * `--ci` in the jest task means a missing or mismatching snapshot fails instead of being written.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  collectCoverageFrom: ["constructs/**/*.ts", "src/**/*.ts", "!**/*.d.ts"],
  coverageReporters: ["text-summary", "lcov"],
  coverageThreshold: { global: { lines: 90 } },
  testTimeout: 30000,
};
