
/** A Cosmos DB default consistency level, strongest first. */
export enum CosmosConsistencyLevel {
  /** Reads see the latest committed write. */
  STRONG = "Strong",
  /** Reads lag writes by at most a time or a number of writes (see `boundedStaleness`). */
  BOUNDED_STALENESS = "BoundedStaleness",
  /** A session reads its own writes, in order. */
  SESSION = "Session",
  /** Reads never see writes out of order. */
  CONSISTENT_PREFIX = "ConsistentPrefix",
  /** No ordering guarantee; the lowest latency and cost. */
  EVENTUAL = "Eventual",
}


/** Limits of the bounded-staleness bounds; Azure raises the minimums for accounts with more than one region. */
export const BOUNDED_STALENESS_LIMITS = {
  /** One region: interval 5 s..1 day, prefix 10..2,147,483,647 writes (the azurerm provider's ranges). */
  singleRegion: { minIntervalSeconds: 5, minStalenessPrefix: 10 },
  /** Several regions: interval 300 s..1 day, prefix 100,000..2,147,483,647 writes (the service's rule). */
  multiRegion: { minIntervalSeconds: 300, minStalenessPrefix: 100_000 },
  /** Largest interval, both cases: one day. */
  maxIntervalSeconds: 86_400,
  /** Largest prefix, both cases. */
  maxStalenessPrefix: 2_147_483_647,
} as const;

/** Longest default time to live of a container's items, in seconds. */
export const COSMOS_MAX_TTL_SECONDS = 2_147_483_647;

/** Most paths of a (hierarchical) partition key. */
export const COSMOS_MAX_PARTITION_KEY_PATHS = 3;

/** How a Cosmos DB database is billed and scaled: see {@link CosmosThroughput}. */
export type CosmosThroughputMode = "autoscale" | "manual" | "serverless";

/**
 * The throughput of a Cosmos DB database, shared by its containers: autoscale up to a maximum, a fixed
 * (manual) amount, or serverless (an account mode, billed per request unit used; single region only).
 */
export class CosmosThroughput {
  /** Autoscale between 10% of `maxThroughput` and `maxThroughput` RU/s (at least 1,000, in steps of 1,000). */
  static autoscale(maxThroughput: number): CosmosThroughput {
    return new CosmosThroughput("autoscale", maxThroughput);
  }

  /** A fixed `throughput` in RU/s (at least 400, in steps of 100). */
  static manual(throughput: number): CosmosThroughput {
    return new CosmosThroughput("manual", throughput);
  }

  /** A serverless account: no provisioned throughput, billed per request unit; one region only. */
  static serverless(): CosmosThroughput {
    return new CosmosThroughput("serverless", undefined);
  }

  /** The kind of throughput. */
  readonly mode: CosmosThroughputMode;
  /** RU/s: the autoscale maximum or the manual amount; undefined when serverless. */
  readonly requestUnits?: number;

  private constructor(mode: CosmosThroughputMode, requestUnits: number | undefined) {
    this.mode = mode;
    this.requestUnits = requestUnits;
  }

  /** A readable form for messages, e.g. `autoscale up to 4000 RU/s`. */
  toString(): string {
    if (this.mode === "serverless") return "serverless";
    return this.mode === "autoscale" ? `autoscale up to ${this.requestUnits} RU/s` : `manual ${this.requestUnits} RU/s`;
  }
}

/** A sentence describing why `throughput` is not accepted by Cosmos DB, or undefined when it is. */
export function cosmosThroughputProblem(throughput: CosmosThroughput): string | undefined {
  const ru = throughput.requestUnits;
  const multipleOf = (min: number, step: number) => ru !== undefined && Number.isSafeInteger(ru) && ru >= min && ru % step === 0;
  if (throughput.mode === "autoscale" && !multipleOf(1000, 1000)) {
    return `autoscale maximum throughput must be at least 1000 RU/s, in steps of 1000; got ${ru}`;
  }
  if (throughput.mode === "manual" && !multipleOf(400, 100)) {
    return `manual throughput must be at least 400 RU/s, in steps of 100; got ${ru}`;
  }
  return undefined;
}

/** A sentence describing why `path` is not a partition key path such as "/conversationId", or undefined when it is. */
export function partitionKeyPathProblem(what: string, path: string): string | undefined {
  if (typeof path === "string" && /^(\/[^/\s]+)+$/.test(path)) return undefined;
  return `${what} must be a JSON path such as "/conversationId" or "/customer/id" (starting with '/', no empty segments or spaces); got ${JSON.stringify(path)}`;
}
