/**
 * The simulation's modelling assumptions, each with its source. Numbers from Azure's or KEDA's documentation are
 * behaviour of the service; numbers marked ASSUMPTION are this library's estimates where no source gives one, and
 * every one of them can be overridden through {@link SimulationOptions}.
 */

/**
 * The HTTP (and TCP) scaler's evaluation period: Container Apps measures concurrent requests every 15 seconds
 * (Microsoft Learn, "Set scaling rules in Azure Container Apps": "HTTP ... the number of concurrent requests is
 * measured every 15 seconds"). Every rule of an app is evaluated at this period here; custom rules (cron, cpu)
 * refresh their value at the app's `polling_interval_in_seconds`.
 */
export const HTTP_EVALUATION_SECONDS = 15;

/**
 * Scale-out rate: the Kubernetes Horizontal Pod Autoscaler's default scale-up policy, which KEDA (and so Container
 * Apps) keeps: per 15 s period at most 4 pods or 100% of the current count, whichever is more, with no stabilization
 * (kubernetes.io, "Horizontal Pod Autoscaling", default behavior).
 */
export const SCALE_UP_PODS_PER_PERIOD = 4;

/**
 * Scale-in between 1 and maxReplicas: the HPA's default scale-down stabilization window, 300 s: the replica count is
 * the highest recommendation of the last 300 s (kubernetes.io, default behavior). Scaling to zero is KEDA's, after
 * the app's `cooldown_period_in_seconds` without activity (keda.sh, ScaledObject spec, cooldownPeriod).
 */
export const SCALE_DOWN_STABILIZATION_SECONDS = 300;

/** Azure's default `cooldown_period_in_seconds` (azurerm provider and Microsoft Learn), for an app that sets none. */
export const DEFAULT_COOLDOWN_SECONDS = 300;

/** Azure's default `polling_interval_in_seconds`, for an app that sets none. */
export const DEFAULT_POLLING_SECONDS = 30;

/**
 * ASSUMPTION: seconds from a replica's start to its readiness (image cached on the node, a small service booting).
 * Microsoft publishes no figure; cold starts of Container Apps are commonly reported at 5-20 s. Requests that reach an
 * app with no ready replica wait for it (the Container Apps ingress holds them while the app scales from zero).
 */
export const COLD_START_SECONDS = 15;

/**
 * ASSUMPTION: concurrent requests one replica serves at the baseline's speed. The spec's baseline measures 3
 * concurrent users per instance of the whole pipeline; a split app only carries its part, and the platform scales at
 * 10 per replica, so this is set to twice that target. Requests above it wait at the app's ingress. It applies to
 * the apps that serve a part of the request (agents); an entry or relay app forwards and is limited only by having a
 * ready replica (its scale rules still count the requests it carries).
 */
export const REPLICA_CONCURRENCY = 20;

/**
 * The spec's baseline: "Response Time (P95) 14.9s at 3 concurrent users" with 0.22 RPS per instance, so by Little's
 * law a request takes 3 / 0.22 = 13.6 s on average. Service times are log-normal with that mean and the plan's P95.
 */
export const BASELINE_CONCURRENT_USERS = 3;

/**
 * ASSUMPTION: how a request's service time splits over the agents it visits, one after another (the spec's 4 Azure
 * OpenAI calls are made by intent, response, critic and escalation; knowledge retrieval reads Cosmos DB; analytics
 * records the turn). Agents not listed weigh 0.1. Shares are normalized over the apps a request visits.
 */
export const VISIT_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({
  intent: 0.2,
  knowledge: 0.1,
  response: 0.35,
  critic: 0.2,
  escalation: 0.1,
  analytics: 0.05,
});

/** Weight of a visited app {@link VISIT_WEIGHTS} does not name. */
export const OTHER_VISIT_WEIGHT = 0.1;

/** The spec's agents that call Azure OpenAI ("Critic, Intent, Escalation, Response"). */
export const OPENAI_AGENTS: readonly string[] = Object.freeze(["intent", "response", "critic", "escalation"]);

/**
 * ASSUMPTION: vCPU-seconds of CPU per second a request spends at an app (an agent mostly waits on Azure OpenAI and
 * Cosmos DB; a relay forwards messages): 0.01 vCPU per request in flight. It drives CPU rules only.
 */
export const CPU_PER_REQUEST_IN_FLIGHT = 0.01;

/**
 * The time a request may take, arrival to answer, before the caller gives up: the pool's default deadline
 * (`POOL_DEFAULTS.defaultTimeoutMs`, 60 s). A request still waiting then, or answered later, is unserved.
 */
export const REQUEST_TIMEOUT_SECONDS = 60;

/**
 * Azure OpenAI's per-minute limits enforced as token buckets (tokens and requests) refilled at TPM / 60 and RPM / 60
 * per second, holding at most 10 s of refill: Azure evaluates its limits over short windows within the minute
 * (Microsoft Learn, "Azure OpenAI quota": "rate limits are evaluated over 1 or 10 second intervals").
 */
export const QUOTA_BURST_SECONDS = 10;

/** Requests per minute per 1,000 TPM of a Standard or GlobalStandard chat deployment (Microsoft Learn). */
export const RPM_PER_1000_TPM = 6;

/**
 * The first day simulated when none is given: Monday 4 January 2027, local midnight, so that weekday cron floors
 * (`1-5`) apply from the first day.
 */
export const DEFAULT_START_DATE = "2027-01-04";
