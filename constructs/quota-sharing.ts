import { Fn, Lazy, Token } from "cdktf";
import { POOL_ENV } from "../src/contract";
import { type PoolGrantee } from "./pool-grantee";
import { isKnownNumber } from "./validation";

/** Pool settings whose Azure OpenAI deployments the replicas of every app granted them share. */
export interface QuotaSharer {
  /** The apps granted so far, in the order of the grants. */
  readonly grantedApps: readonly PoolGrantee[];
}

/** The quota sharers granted to each app (an app may be granted several `OpenAIPoolConfig`s). */
const sharersByApp = new WeakMap<PoolGrantee, QuotaSharer[]>();

/**
 * Writes `AGENT_POOL_MAX_REPLICAS` into `app`: how many replicas may share its Azure OpenAI deployments' quotas, so
 * that each replica's pool starts at its fair share (1/N) of every deployment's TPM and RPM. N is the sum of the
 * maxReplicas of every app granted the same `sharer`, the largest such sum when the app is granted several, and it
 * resolves at synth, so that grants made after this one count. An app that sets the variable itself keeps its value.
 */
export function shareQuotaWith(sharer: QuotaSharer, app: PoolGrantee): void {
  let sharers = sharersByApp.get(app);
  if (sharers === undefined) {
    if (app.environmentVariable(POOL_ENV.maxReplicas) !== undefined) return;
    const granted: QuotaSharer[] = [];
    sharers = granted;
    sharersByApp.set(app, granted);
    app.addEnvironmentVariable(POOL_ENV.maxReplicas, Lazy.stringValue({ produce: () => replicasSharing(granted) }));
  }
  if (!sharers.includes(sharer)) sharers.push(sharer);
}

/** The largest, over `sharers`, of their granted apps' maxReplicas summed; a Terraform expression when one is a token. */
function replicasSharing(sharers: readonly QuotaSharer[]): string {
  const replicas = sharers.map((s) => s.grantedApps.map((app) => app.maxReplicas));
  if (replicas.flat().every(isKnownNumber)) return String(Math.max(...replicas.map((list) => list.reduce((a, b) => a + b, 0))));
  return Token.asString(Fn.max(replicas.map((list) => Token.asNumber(Fn.sum(list)))));
}
