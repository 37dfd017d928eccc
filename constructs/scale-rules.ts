import { type Duration } from "../src/core";

/** Common option of every scaling method. */
export interface ScaleRuleOptions {
  /** Rule name (lowercase letters, digits, '-' and '.'), unique within the app. @default - derived from the rule kind, made unique */
  readonly name?: string;
}

/** A secret reference that KEDA passes to a scaler as one of its trigger parameters. */
export interface ScaleRuleAuthentication {
  /** Name of a secret of the app (see `ScaledAgentAppProps.secrets`). */
  readonly secretName: string;
  /** The scaler parameter the secret fills, e.g. "connection". */
  readonly triggerParameter: string;
}

/** Options of `scaleOnHttpConcurrency`. */
export interface HttpConcurrencyScaleOptions extends ScaleRuleOptions {
  /** Concurrent HTTP requests per replica above which a replica is added (integer >= 1). */
  readonly concurrentRequests: number;
}

/** Options of `scaleOnTcpConcurrency`. */
export interface TcpConcurrencyScaleOptions extends ScaleRuleOptions {
  /** Concurrent TCP connections per replica above which a replica is added (integer >= 1). */
  readonly concurrentConnections: number;
}

/** Options of `scaleOnCpuUtilization` and `scaleOnMemoryUtilization`. */
export interface UtilizationScaleOptions extends ScaleRuleOptions {
  /** Average utilization, in percent of the replica's allocation, to keep replicas at (1..100). */
  readonly targetUtilizationPercent: number;
}

/** Options of `scaleOnAzureQueue`. */
export interface AzureQueueScaleOptions extends ScaleRuleOptions {
  /** Storage queue name. */
  readonly queueName: string;
  /** Messages per replica above which a replica is added (integer >= 1). */
  readonly queueLength: number;
  /** Secret holding the storage connection string (Azure requires authentication for this scaler). */
  readonly authentication: ScaleRuleAuthentication;
}

/** Options of `scaleOnServiceBus`: a queue, or a topic with a subscription. */
export interface ServiceBusScaleOptions extends ScaleRuleOptions {
  /** Service Bus namespace name. */
  readonly namespace: string;
  /** Queue to watch. @default - the topic and subscription are watched */
  readonly queueName?: string;
  /** Topic to watch, with `subscriptionName`. @default - the queue is watched */
  readonly topicName?: string;
  /** Subscription of `topicName`. @default - none */
  readonly subscriptionName?: string;
  /** Messages per replica above which a replica is added (integer >= 1). @default 5 */
  readonly messageCount?: number;
  /** Secret holding the Service Bus connection string, passed as the "connection" parameter. */
  readonly authentication: ScaleRuleAuthentication;
}

/** Options of `scaleOnCustom`: any KEDA scaler the azurerm provider accepts. */
export interface CustomScaleOptions extends ScaleRuleOptions {
  /** KEDA scaler type, e.g. "azure-eventhub", "prometheus", "redis" (see CUSTOM_SCALE_RULE_TYPES). */
  readonly type: string;
  /** Scaler metadata, exactly as KEDA documents it for `type` (all values are strings). */
  readonly metadata: { readonly [key: string]: string };
  /** Secrets passed to the scaler. @default - none */
  readonly authentication?: readonly ScaleRuleAuthentication[];
}

/** Options of `scaleOnSchedule`: a KEDA cron rule holding a replica floor during a recurring window. */
export interface ScheduleScaleOptions extends ScaleRuleOptions {
  /** IANA time zone the cron expressions are read in, e.g. "America/New_York". */
  readonly timeZone: string;
  /** 5-field cron expression of the window's start, e.g. "0 8 * * 1-5". */
  readonly start: string;
  /** 5-field cron expression of the window's end, e.g. "0 20 * * 1-5"; must differ from start. */
  readonly end: string;
  /** Replicas kept at least during the window (integer >= 1, at most the app's maxReplicas). */
  readonly desiredReplicas: number;
}

/** Protocol of a health probe (`azurerm_container_app` probe `transport`). */
export enum ProbeTransport {
  /** An HTTP GET of `path`; 200..399 passes. */
  HTTP = "HTTP",
  /** An HTTPS GET of `path`; 200..399 passes. */
  HTTPS = "HTTPS",
  /** Only opens a connection to the port. */
  TCP = "TCP",
}

/** A health probe of the app's container. */
export interface AppProbe {
  /** Protocol of the probe. @default ProbeTransport.HTTP */
  readonly transport?: ProbeTransport;
  /** Port probed (1..65535). */
  readonly port: number;
  /** Path of HTTP(S) probes. @default "/" */
  readonly path?: string;
  /** Wait before the first probe (0..60 s). @default - Azure's default (1 s) */
  readonly initialDelay?: Duration;
  /** Time between probes (1..240 s). @default - Azure's default (10 s) */
  readonly interval?: Duration;
  /** Time after which a probe fails (1..240 s). @default - Azure's default (1 s) */
  readonly timeout?: Duration;
  /** Consecutive failures before the container is marked failed (1..10, as Container Apps allows). @default - Azure's default (3) */
  readonly failureThreshold?: number;
}
