import type * as IdentityModule from "@azure/identity";
import type { TokenCredential } from "@azure/identity";
import type * as OpenAIModule from "openai";
import type { AzureOpenAI } from "openai";
import type * as UndiciModule from "undici";
import type { Agent } from "undici";
import type { DeploymentTarget } from "./deployment";
import { loadOptional } from "../core/optional-peer";

/** Entra ID scope of the Azure OpenAI data plane. */
export const COGNITIVE_SERVICES_SCOPE = "https://cognitiveservices.azure.com/.default";

/** How the pool authenticates: an API key, or an Entra ID credential (keyless). */
export type PoolAuth = { readonly apiKey: string } | { readonly credential: TokenCredential | undefined };

/** What the {@link Transport} needs. */
export interface TransportOptions {
  /** Sockets per endpoint. */
  readonly maxConnections: number;
  /** Connect and response-header timeout, in ms. */
  readonly connectionTimeoutMs: number;
  /** API key or credential (undefined: `DefaultAzureCredential`). */
  readonly auth: PoolAuth;
}

/**
 * How the pool talks HTTP. One undici `Agent` per endpoint origin is the connection pool: at most `maxConnections`
 * keep-alive sockets, `connectionTimeoutMs` to connect, to receive the response headers, and between body chunks.
 * One `AzureOpenAI` client per deployment sends through it with the SDK's retries off (the pool retries) and an
 * attempt timeout of `connectionTimeoutMs`. Keyless by default: a bearer-token provider from `@azure/identity` for the
 * Cognitive Services scope. openai, undici and @azure/identity are loaded here, on first use.
 */
export class Transport {
  private readonly agents = new Map<string, Agent>();
  private tokenProvider: (() => Promise<string>) | undefined;

  /** @param options connection limits and authentication */
  constructor(private readonly options: TransportOptions) {}

  /** A new SDK client for one deployment, over its endpoint's agent. */
  client(target: DeploymentTarget): AzureOpenAI {
    const { AzureOpenAI: Client } = loadOptional<typeof OpenAIModule>("openai", "AzureOpenAIPool");
    const { fetch } = loadOptional<typeof UndiciModule>("undici", "AzureOpenAIPool");
    const auth = "apiKey" in this.options.auth ? { apiKey: this.options.auth.apiKey } : { azureADTokenProvider: this.bearerTokenProvider() };
    return new Client({
      endpoint: target.endpoint,
      deployment: target.deployment,
      apiVersion: target.apiVersion,
      ...auth,
      maxRetries: 0,
      timeout: this.options.connectionTimeoutMs,
      // undici's own fetch with its own Agent: Node's built-in fetch may bundle another undici major version.
      fetch: fetch as unknown as typeof globalThis.fetch,
      fetchOptions: { dispatcher: this.agent(target.endpoint) },
    });
  }

  /**
   * Closes every agent: waits for the requests still running on them, or with `force` aborts them.
   * @param force destroy the sockets at once
   */
  async close(force = false): Promise<void> {
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(agents.map((a) => (force ? a.destroy() : a.close())));
  }

  private agent(endpoint: string): Agent {
    const origin = new URL(endpoint).origin;
    let agent = this.agents.get(origin);
    if (agent === undefined) {
      const { Agent: UndiciAgent } = loadOptional<typeof UndiciModule>("undici", "AzureOpenAIPool");
      const timeout = this.options.connectionTimeoutMs;
      agent = new UndiciAgent({ connections: this.options.maxConnections, connect: { timeout }, headersTimeout: timeout, bodyTimeout: timeout });
      this.agents.set(origin, agent);
    }
    return agent;
  }

  private bearerTokenProvider(): () => Promise<string> {
    if (this.tokenProvider === undefined) {
      const identity = loadOptional<typeof IdentityModule>("@azure/identity", "Keyless (Entra ID) authentication of AzureOpenAIPool");
      const credential = ("credential" in this.options.auth ? this.options.auth.credential : undefined) ?? new identity.DefaultAzureCredential();
      this.tokenProvider = identity.getBearerTokenProvider(credential, COGNITIVE_SERVICES_SCOPE);
    }
    return this.tokenProvider;
  }
}
