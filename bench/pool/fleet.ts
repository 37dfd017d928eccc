import { fork, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import type { BenchDeployment, PoolDesignExtras } from "./designs";
import type { ReplicaDone, ReplicaRun } from "./fleet-replica";
import { totalStats } from "./mock-client";
import type { BenchContext, BenchScenario, ScenarioDesign } from "./scenario";
import { logNormalP99, measure, ms, pct, sec } from "./summary";
import type { ConversationResult, Workload } from "./workload";

/** Replicas of the app in scenario F, each a process with its own pool. */
export const FLEET_REPLICAS = 8;
/** The replicas each pool is told may share the deployment, as `grantTo` writes it for an app of maxReplicas 8. */
export const FLEET_MAX_REPLICAS = 8;
/** The one deployment: 2/3 of the spec's 210k TPM demand, so that the load is 150% of its quota. */
const DEPLOYMENT: BenchDeployment = { name: "d1", tokensPerMinute: 140_000 };
/** As in scenarios A-C: time kept for each call still to come when a conversation opens. */
const RESERVE_PER_CALL_MS = 5000;
/** Time the replicas get between the order to run and the first arrival, real ms. */
const START_AFTER_MS = 1500;

/** The replica processes (bench/pool/fleet-replica.ts), forked once for all of scenario F's runs. */
export class Fleet {
  private children: ChildProcess[] = [];

  private spawn(): ChildProcess[] {
    if (this.children.length === 0) {
      this.children = Array.from({ length: FLEET_REPLICAS }, () =>
        fork(path.join(__dirname, "fleet-replica.ts"), [], { execArgv: ["-r", "ts-node/register/transpile-only"] }),
      );
    }
    return this.children;
  }

  /** Runs the workload over the replicas (round-robin by arrival); resolves to every replica's conversations. */
  async run(run: Omit<ReplicaRun, "type" | "replica" | "replicas" | "startEpochMs">): Promise<ConversationResult[]> {
    const children = this.spawn();
    const startEpochMs = Date.now() + START_AFTER_MS;
    const done = children.map(
      (child, replica) =>
        new Promise<readonly ConversationResult[]>((resolve) => {
          const onMessage = (message: ReplicaDone): void => {
            if (message.type !== "done") return;
            child.off("message", onMessage);
            resolve(message.results);
          };
          child.on("message", onMessage);
          child.send({ ...run, type: "run", replica, replicas: children.length, startEpochMs } satisfies ReplicaRun);
        }),
    );
    return (await Promise.all(done)).flat();
  }

  stop(): void {
    for (const child of this.children) child.disconnect();
    this.children = [];
  }
}

function fleetDesign(fleet: Fleet, name: string, extras: PoolDesignExtras): ScenarioDesign {
  return {
    name,
    run: async (context: BenchContext, repeat: number, minutes: number) => {
      const endpoint = await context.mock.start({
        deployments: { [DEPLOYMENT.name]: { tokensPerMinute: DEPLOYMENT.tokensPerMinute } },
        timeScale: context.scale,
        latency: context.latency,
        seed: repeat + 1,
      });
      const workload: Workload = {
        arrivalsPerSecond: 3.5,
        callsPerConversation: 4,
        deadlineMs: 30_000,
        durationMs: minutes * 60_000,
        scale: context.scale,
        seed: 1000 + repeat,
      };
      const reserveMs = RESERVE_PER_CALL_MS / context.scale;
      const results = await fleet.run({ endpoint, deployments: [DEPLOYMENT], workload, deployment: DEPLOYMENT.name, reserveMs, extras });
      const counted = totalStats(await context.mock.stats());
      await context.mock.close();
      return measure(results, DEPLOYMENT.tokensPerMinute * minutes, (minutes * 60_000) / context.scale, context.scale, counted, logNormalP99(context.latency));
    },
  };
}

/** Scenario F: 8 replicas (processes), each with its own pool, share one deployment at 150% load. */
export function fleetScenario(fleet: Fleet): BenchScenario {
  const naive = fleetDesign(fleet, "pool, naive per-process (`shareQuota: false`, baseline)", { maxReplicas: FLEET_MAX_REPLICAS, shareQuota: false });
  return {
    id: "F",
    title: `fleet: ${FLEET_REPLICAS} replicas share one deployment (140k TPM) at 150% load`,
    designs: [fleetDesign(fleet, "pool, shared quota (default)", { maxReplicas: FLEET_MAX_REPLICAS }), naive],
    baseline: naive,
    columns: [
      { title: "Success", value: (m) => m.success, format: pct },
      { title: "Rejected up front", value: (m) => m.rejected, format: pct },
      { title: "Admitted, failed", value: (m) => m.admittedFailed, format: String },
      { title: "of which by the pool", value: (m) => m.admittedFailedByPool, format: String },
      { title: "Goodput (share of quota)", value: (m) => m.goodput, format: pct },
      { title: "429s / HTTP calls", value: (m) => m.throttled, format: pct },
      { title: "HTTP calls", value: (m) => m.httpCalls, format: ms },
      { title: "p95 (s)", value: (m) => m.p95, format: sec },
    ],
    ratios: [
      { title: "goodput", value: (m) => m.goodput, format: pct },
      { title: "429s / HTTP calls", value: (m) => m.throttled, format: pct },
      { title: "success", value: (m) => m.success, format: pct },
    ],
    targets: [
      { text: "goodput >= 90% of quota", met: (m) => m.goodput >= 0.9 },
      { text: "429s <= 10% of HTTP calls", met: (m) => m.throttled <= 0.1 },
      { text: "0 admitted conversations failed by the pool", met: (m) => m.admittedFailedByPool === 0 },
    ],
    method: [
      `- ${FLEET_REPLICAS} replicas of the app, each a child process (\`bench/pool/fleet-replica.ts\`) with its own pool, all against ONE`,
      "  deployment of 140k TPM (840 RPM). The load of scenarios A-C (3.5 conversations/s, 4 calls of ~250 tokens, 30 s",
      "  deadline, 210k TPM: 150% of the quota) is drawn once and its conversations dealt round-robin by arrival, as a",
      `  load balancer would: replica k gets conversations k, k+${FLEET_REPLICAS}, ... All replicas start at the same wall-clock instant.`,
      "- Each replica's pool is configured as the platform's `grantTo` does it: the deployment's WHOLE TPM, plus the",
      `  replicas that may share it, \`maxReplicas: ${FLEET_MAX_REPLICAS}\` (AGENT_POOL_MAX_REPLICAS; here all ${FLEET_MAX_REPLICAS} run).`,
      "  Otherwise the pool design of scenarios A-C (spec settings scaled, 5 s reserved per call still to come, follow-ups `followUp` at priority 1).",
      "- Designs: \"pool, shared quota\" (the default: each pool starts at 1/max of the quota and adapts its share from the",
      "  x-ratelimit-remaining-* headers and 429s) against \"pool, naive per-process\" (`shareQuota: false`: each pool believes",
      "  it owns the whole quota, the pool's behaviour before quota sharing), in the same run and repeat.",
      "- Measures: goodput (tokens of successful conversations' calls completed while arrivals lasted, over the deployment's",
      "  quota for that time), 429s over the HTTP calls the mock received (from all replicas), admitted conversations that",
      "  failed (a conversation whose first call got PoolOverloadedError is rejected, not failed) and, of those, the ones",
      "  failed by the pool (see \"Admitted, failed by the pool\" in the method above), success.",
    ].join("\n"),
    caveats: [
      "- Ten processes (8 replicas, the mock, the driver) share 2 cores; each replica carries 1/8 of the load, so CPU is",
      "  no tighter than in scenario C, but a replica's event loop can be descheduled for a few ms, which 20x compression",
      "  turns into tenths of model seconds.",
    ].join("\n"),
  };
}
