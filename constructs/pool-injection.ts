import { type IConstruct } from "constructs";
import { mergePoolEnvironments, PoolEnvironmentError } from "../src/contract";
import { type ScaledAgentApp } from "./scaled-agent-app";
import { invalid } from "./validation";

/** What the pool-contract writers have injected into each app so far, merged. */
const injected = new WeakMap<ScaledAgentApp, Record<string, string>>();

/**
 * Runs a function of the pool contract (src/contract), turning its `PoolEnvironmentError` into an error that
 * names the construct path and `what` was being written.
 */
export function contractCall<T>(scope: IConstruct, what: string, write: () => T): T {
  try {
    return write();
  } catch (err) {
    if (err instanceof PoolEnvironmentError) invalid(scope, `${what}: ${err.message}`);
    throw err;
  }
}

/**
 * Adds the pool-contract variables `env` to `app`. Several writers (OpenAIPoolConfigs, a CosmosDatabase) may
 * inject into one app: a variable another writer already set to the same value is skipped, a different value
 * is an error naming `writer` and the app.
 */
export function injectPoolEnvironment(writer: IConstruct, app: ScaledAgentApp, env: Readonly<Record<string, string>>): void {
  const before = injected.get(app) ?? {};
  const merged = contractCall(writer, `grantTo(${app.node.path})`, () => mergePoolEnvironments(before, env));
  for (const [name, value] of Object.entries(env)) {
    if (!(name in before)) app.addEnvironmentVariable(name, value);
  }
  injected.set(app, merged);
}
