import { checkInteger } from "../validation";
import { requireIngress } from "./checks";
import { ScaleRule, type ScaleRuleBlock, type ScaleRuleTarget } from "./scale-rule";

/** What a {@link ConcurrencyRule} counts: HTTP requests (`http_scale_rule`) or TCP connections (`tcp_scale_rule`). */
export enum ConcurrencyProtocol {
  /** Concurrent HTTP requests (`http_scale_rule`). */
  HTTP = "http",
  /** Concurrent TCP connections (`tcp_scale_rule`). */
  TCP = "tcp",
}

const PROTOCOLS: Readonly<Record<ConcurrencyProtocol, { readonly attribute: "http_scale_rule" | "tcp_scale_rule"; readonly method: string; readonly option: string }>> = {
  [ConcurrencyProtocol.HTTP]: { attribute: "http_scale_rule", method: "scaleOnHttpConcurrency", option: "concurrentRequests" },
  [ConcurrencyProtocol.TCP]: { attribute: "tcp_scale_rule", method: "scaleOnTcpConcurrency", option: "concurrentConnections" },
};

/**
 * Scales on concurrent HTTP requests or TCP connections per replica, as they arrive through the app's ingress
 * (Azure measures them every 15 s).
 */
export class ConcurrencyRule extends ScaleRule {
  /**
   * @param protocol what is counted
   * @param concurrency requests or connections per replica above which a replica is added (integer >= 1)
   * @param name the rule name. @default - "http-concurrency" or "tcp-concurrency", made unique
   */
  constructor(
    private readonly protocol: ConcurrencyProtocol,
    private readonly concurrency: number,
    name?: string,
  ) {
    super(name, `${protocol}-concurrency`);
  }

  validate(target: ScaleRuleTarget): void {
    const { method, option } = PROTOCOLS[this.protocol];
    requireIngress(target, method);
    checkInteger(target, option, this.concurrency, 1, Number.MAX_SAFE_INTEGER);
  }

  render(name: string): ScaleRuleBlock {
    // The provider types concurrent_requests (for TCP too) as a string holding an integer.
    return { attribute: PROTOCOLS[this.protocol].attribute, block: { name, concurrentRequests: String(this.concurrency) } };
  }
}
