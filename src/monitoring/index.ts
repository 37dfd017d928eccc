export * from "./rules";
export * from "./kql";
export * from "./metrics";
