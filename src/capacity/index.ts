export * from "./capacity-plan";
export * from "./prices";
export { type ComponentCost, type CostComponent, type CostScheduleWindow, type ReplicaUsage, type ScenarioCost } from "./cost-component";
export * from "./cost-estimate";
export * from "./load-test-plan";
export * from "./kubernetes-cost-estimate";
