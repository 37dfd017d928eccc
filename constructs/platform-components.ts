import { type ScaledAgentApp } from "./scaled-agent-app";
import { type PlatformAppOverrides } from "./platform-props";

/**
 * Image every app starts on when `images` is not given: public (no registry credentials), it serves HTTP on port
 * 8080 (ASP.NET Core's default since .NET 8; the platform sets `ASPNETCORE_HTTP_PORTS` for another target port).
 */
export const BOOTSTRAP_IMAGE = "mcr.microsoft.com/dotnet/samples:aspnetapp";
/** The port {@link BOOTSTRAP_IMAGE} listens on unless told otherwise. */
const BOOTSTRAP_IMAGE_PORT = 8080;

/** The six agents of the reference design. */
export const DESIGN_AGENTS = ["intent", "response", "critic", "escalation", "knowledge", "analytics"] as const;

/** What the platform gives one component before overrides. */
export interface ComponentDefaults {
  /** Name in cost tables. */
  readonly label: string;
  /** Repository of its image in the registry. */
  readonly repository: string;
  /** App props. */
  readonly props: PlatformAppOverrides;
  /** Adds its scale rules. */
  readonly scale: (app: ScaledAgentApp, concurrentRequests: number) => void;
}

const INTERNAL_8080 = { targetPort: 8080 } as const;
const scaleOnHttp = (app: ScaledAgentApp, concurrentRequests: number) => void app.scaleOnHttpConcurrency({ concurrentRequests });
const agent = (label: string, repository: string, maxReplicas: number): ComponentDefaults => ({ label, repository, props: { minReplicas: 0, maxReplicas, ingress: INTERNAL_8080 }, scale: scaleOnHttp });

/** The reference design's Option 1 defaults per component. */
const DEFAULTS: Readonly<Record<string, ComponentDefaults>> = {
  apiGateway: { label: "API Gateway", repository: "api-gateway", props: { minReplicas: 0, maxReplicas: 10, ingress: { external: true, targetPort: 8080 } }, scale: scaleOnHttp },
  slimGateway: {
    label: "SLIM Gateway",
    repository: "slim-gateway",
    props: { minReplicas: 1, maxReplicas: 5, ingress: INTERNAL_8080 },
    scale: (app) => void app.scaleOnCpuUtilization({ targetUtilizationPercent: 70 }),
  },
  intent: agent("Intent Classifier", "intent-classifier", 5),
  // CPU-driven as the spec intends; a CPU rule cannot scale up from zero, so the floor is one replica,
  // and an HTTP rule scales out on load before CPU saturates.
  response: {
    label: "Response Generator",
    repository: "response-generator",
    props: { cpu: 1, memory: "2Gi", minReplicas: 1, maxReplicas: 8, ingress: INTERNAL_8080 },
    scale: (app, concurrentRequests) => void app.scaleOnCpuUtilization({ targetUtilizationPercent: 70 }).scaleOnHttpConcurrency({ concurrentRequests }),
  },
  critic: agent("Critic/Supervisor", "critic-supervisor", 5),
  escalation: agent("Escalation", "escalation", 3),
  knowledge: agent("Knowledge Retrieval", "knowledge-retrieval", 3),
  analytics: agent("Analytics", "analytics", 2),
};

/** Most replicas of an agent the reference design does not name. */
const ADDED_AGENT_MAX_REPLICAS = 3;

/** The defaults of a component: the design's for the gateways and the six agents, the agent defaults for any other name. */
export function componentDefaults(name: string): ComponentDefaults {
  return DEFAULTS[name] ?? agent(name, name, ADDED_AGENT_MAX_REPLICAS);
}

/** The bootstrap image and, when the app's target port is not the image's default, the variable that moves it there. */
export function bootstrapImage(props: PlatformAppOverrides): PlatformAppOverrides {
  const port = props.ingress?.targetPort;
  const environmentVariables = port !== undefined && port !== BOOTSTRAP_IMAGE_PORT ? { ASPNETCORE_HTTP_PORTS: String(port), ...props.environmentVariables } : props.environmentVariables;
  return { image: BOOTSTRAP_IMAGE, ignoreImageChanges: true, environmentVariables };
}
