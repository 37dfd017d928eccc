export * from "../src/core";
export * from "../src/contract";
