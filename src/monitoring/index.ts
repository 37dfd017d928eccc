export * from "./rules";
export * from "./kql";
