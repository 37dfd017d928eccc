import { poolDesign, type BenchDeployment, type PoolDesignExtras } from "./designs";
import { makeSchedule, roundRobinShare, runSchedule, type ConversationResult, type Workload } from "./workload";

/**
 * Child process of scenario F: one replica of the app, with its own pool, running its share of the workload's
 * conversations (round-robin by arrival, as a load balancer spreads them). Message `run` -> `done` (results, in
 * real ms since the common start). The parent forks one per replica.
 */
export interface ReplicaRun {
  readonly type: "run";
  readonly endpoint: string;
  readonly deployments: readonly BenchDeployment[];
  readonly workload: Workload;
  /** The deployment named in the requests' `model`. */
  readonly deployment: string;
  readonly replica: number;
  readonly replicas: number;
  /** Epoch ms (Date.now() clock) of arrival time 0, the same for every replica. */
  readonly startEpochMs: number;
  readonly reserveMs: number;
  readonly extras: PoolDesignExtras;
}

export interface ReplicaDone {
  readonly type: "done";
  readonly results: readonly ConversationResult[];
}

process.on("message", (message: ReplicaRun) => {
  if (message.type !== "run") return;
  void (async () => {
    const design = poolDesign(message.endpoint, message.deployments, message.workload.scale, message.reserveMs, message.extras);
    const schedule = roundRobinShare(makeSchedule(message.workload, message.deployment), message.replica, message.replicas);
    const results = await runSchedule(design, schedule, message.workload, message.startEpochMs - performance.timeOrigin);
    await design.close();
    process.send?.({ type: "done", results } satisfies ReplicaDone);
  })();
});
process.on("disconnect", () => process.exit(0));
