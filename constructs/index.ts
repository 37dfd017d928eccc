export * from "../src/core";
export * from "../src/contract";
export * from "./agent-environment";
export * from "./scale-rules";
export * from "./scaled-agent-app";
