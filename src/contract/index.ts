export * from "./pool-error";
export * from "./settings";
export * from "./environment";
export * from "./deployment-rules";
