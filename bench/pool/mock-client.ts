import { fork, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import type { MockDeploymentStats, OpenAIMockOptions } from "../../test/support/openai-mock";
import type { MockRequest } from "./mock-process";

/** The Azure OpenAI mock in a child process (bench/pool/mock-process.ts), driven by messages. */
export class MockProcess {
  private readonly child: ChildProcess = fork(path.join(__dirname, "mock-process.ts"), [], {
    execArgv: ["-r", "ts-node/register/transpile-only"],
  });

  ask<T>(request: MockRequest, reply: string): Promise<T> {
    return new Promise((resolve) => {
      const onMessage = (message: { type: string } & T): void => {
        if (message.type !== reply) return;
        this.child.off("message", onMessage);
        resolve(message);
      };
      this.child.on("message", onMessage);
      this.child.send(request);
    });
  }

  /** Starts a mock with `options`; resolves to its endpoint. */
  async start(options: OpenAIMockOptions): Promise<string> {
    return (await this.ask<{ endpoint: string }>({ type: "start", options }, "started")).endpoint;
  }

  /** The counters of every deployment. */
  async stats(): Promise<Record<string, MockDeploymentStats>> {
    return (await this.ask<{ stats: Record<string, MockDeploymentStats> }>({ type: "stats" }, "stats")).stats;
  }

  /** Stops the mock (the process stays for the next start). */
  async close(): Promise<void> {
    await this.ask({ type: "stop" }, "stopped");
  }

  /** Ends the child process. */
  stop(): void {
    this.child.disconnect();
  }
}

/** The counters of all deployments, summed. */
export function totalStats(stats: Record<string, MockDeploymentStats>): { requests: number; throttled: number; faulted: number; tokens: number } {
  return Object.values(stats).reduce(
    (sum, s) => ({ requests: sum.requests + s.requests, throttled: sum.throttled + s.throttled, faulted: sum.faulted + s.faulted, tokens: sum.tokens + s.tokens }),
    { requests: 0, throttled: 0, faulted: 0, tokens: 0 },
  );
}
