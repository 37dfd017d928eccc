import { type IConstruct } from "constructs";
import { mergePoolEnvironments, PoolEnvironmentError } from "../src/contract";
import { shortHash } from "../src/core";
import { type PoolGrantee } from "./pool-grantee";
import { invalid } from "./validation";

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
 * inject into one app: a variable the app already has with the same value is skipped, a different value is an
 * error naming `writer` and the app.
 */
export function injectPoolEnvironment(writer: IConstruct, app: PoolGrantee, env: Readonly<Record<string, string>>): void {
  const before: Record<string, string> = {};
  for (const name of Object.keys(env)) {
    const value = app.environmentVariable(name);
    if (value !== undefined) before[name] = value;
  }
  contractCall(writer, `grantTo(${app.node.path})`, () => mergePoolEnvironments(before, env));
  for (const [name, value] of Object.entries(env)) {
    if (!(name in before)) app.addEnvironmentVariable(name, value);
  }
}

/**
 * The grants of one pool-settings writer (an `OpenAIPoolConfig`, a `CosmosDatabase`): each app is granted once, with
 * the role assignments the writer creates for it, and gets the writer's pool settings.
 */
export class PoolGrants<T> {
  private readonly byApp = new Map<PoolGrantee, T>();

  /**
   * @param writer the construct that owns the grants (errors name it)
   * @param poolEnvironment the pool-contract variables every granted app gets
   */
  constructor(
    private readonly writer: IConstruct,
    private readonly poolEnvironment: Readonly<Record<string, string>>,
  ) {}

  /**
   * Grants `app`: `create` makes its role assignments (given a short key unique to the app, for construct ids), the
   * pool settings are injected. Granting the same app again returns the first result.
   */
  grant(app: PoolGrantee, create: (appKey: string) => T): T {
    const existing = this.byApp.get(app);
    if (existing !== undefined) return existing;
    const created = create(shortHash(app.node.path));
    this.byApp.set(app, created);
    injectPoolEnvironment(this.writer, app, this.poolEnvironment);
    return created;
  }

  /** What every grant created, in the order of the grants. */
  get all(): readonly T[] {
    return [...this.byApp.values()];
  }

  /** The apps granted, in the order of the grants. */
  get apps(): readonly PoolGrantee[] {
    return [...this.byApp.keys()];
  }
}
