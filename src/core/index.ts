export * from "./duration";
export * from "./container-resources";
export * from "./names";
export * from "./time-zone";
export * from "./cron";
export * from "./ranges";
export * from "./keda";
