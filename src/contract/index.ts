export * from "./settings";
export * from "./environment";
