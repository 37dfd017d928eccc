/** The simulation of a day of traffic through a synthesized stack's scaling rules. Framework-free. */
export type { AppRole } from "./app-model";
export { simulateStack, type SimulationOptions } from "./simulate";
export type { SimulationPlotOptions } from "./simulation-plot";
export { SimulationResult, type SimulatedAppResult, type SimulationSummary, type SimulationTimeline } from "./simulation-result";
