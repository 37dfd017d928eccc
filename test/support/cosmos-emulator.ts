import type { IncomingMessage, ServerResponse } from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { createHttpsServer } from "@vercel/cosmosdb-server";
import { generate } from "selfsigned";

/**
 * The well-known key of Microsoft's Cosmos DB emulator. `@vercel/cosmosdb-server` checks no authorization
 * header at all, so any key (or an Entra ID token) works; this one keeps tests looking like emulator tests.
 */
export const EMULATOR_KEY = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

/** A response the emulator sends instead of handling the request (fault injection). */
export interface InjectedResponse {
  /** HTTP status, e.g. 429. */
  readonly status: number;
  /** Response headers, e.g. `{ "x-ms-retry-after-ms": "20" }`. @default - only content-type */
  readonly headers?: Record<string, string>;
  /** JSON body. @default {"code": "<status>", "message": "injected"} */
  readonly body?: unknown;
}

/** Options of {@link startCosmosEmulator}. */
export interface CosmosEmulatorOptions {
  /**
   * Sees every request before the emulator; return a response to send it instead, or undefined to let the
   * emulator answer. Use it to record requests (headers, paths) or to inject 429s and 5xx.
   * @default - every request goes to the emulator
   */
  readonly intercept?: (req: IncomingMessage) => InjectedResponse | undefined;
}

/** A running Cosmos DB server on the loopback interface, with a certificate made for this run. */
export interface CosmosEmulator {
  /** `https://127.0.0.1:<port>/`. */
  readonly endpoint: string;
  /** PEM of the self-signed certificate the server presents (CN=localhost, SAN IP 127.0.0.1 and DNS localhost). */
  readonly ca: string;
  /** HTTPS agent that trusts `ca` and nothing else (the `ca` option replaces the default roots): give it to the client. */
  readonly agent: https.Agent;
  /** Stops the server and the agent. */
  close(): Promise<void>;
}

/**
 * Starts `@vercel/cosmosdb-server` (an in-process Cosmos DB server, empty at start) on 127.0.0.1 with a fresh
 * self-signed certificate: its bundled certificate has expired, and trusting it through the agent (never through
 * NODE_TLS_REJECT_UNAUTHORIZED) keeps TLS verification on.
 */
export async function startCosmosEmulator(options: CosmosEmulatorOptions = {}): Promise<CosmosEmulator> {
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + 24 * 3_600_000),
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }] },
    ],
  });
  // The emulator's own options spread over its defaults: cert/key replace the bundled (expired) pair.
  const server = createHttpsServer({ cert: pems.cert, key: pems.private, keepAlive: true });
  if (options.intercept !== undefined) interceptRequests(server, options.intercept);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const agent = new https.Agent({ ca: pems.cert, keepAlive: true });
  return {
    endpoint: `https://127.0.0.1:${port}/`,
    ca: pems.cert,
    agent,
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

/** Puts `intercept` in front of the emulator's request handler. */
function interceptRequests(server: https.Server, intercept: NonNullable<CosmosEmulatorOptions["intercept"]>): void {
  const handlers = server.listeners("request") as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const injected = intercept(req);
    if (injected === undefined) {
      for (const handle of handlers) handle(req, res);
      return;
    }
    req.resume();
    res.writeHead(injected.status, { "content-type": "application/json", ...injected.headers });
    res.end(JSON.stringify(injected.body ?? { code: String(injected.status), message: "injected" }));
  });
}
