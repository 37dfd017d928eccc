import { Duration, KEDA_OPERATOR_SERVICE_ACCOUNT, KubeloginMode, KubernetesAgentApp, ProbeTransport, OpenAIPoolConfig, CosmosDatabase, type ScalingBehavior } from "../../constructs";
import type * as constructs from "../../constructs";
import type * as kubernetesFixture from "./kubernetes-fixture";
import { warnings } from "../support/template";
import { aksApp, synthesizeAll } from "./kubernetes-fixture";

/** The spec's HPA (Option 2): scale-down 300 s window, 50% per 60 s; scale-up immediate, 100% per 15 s. */
const SPEC_BEHAVIOR: ScalingBehavior = {
  scaleDown: { stabilizationWindow: Duration.seconds(300), policies: [{ type: "Percent", value: 50, period: Duration.seconds(60) }] },
  scaleUp: { stabilizationWindow: Duration.seconds(0), policies: [{ type: "Percent", value: 100, period: Duration.seconds(15) }] },
};

function specApp() {
  const setup = aksApp({ minReplicas: 1, maxReplicas: 10, behavior: SPEC_BEHAVIOR });
  setup.agent.scaleOnCpuUtilization({ targetUtilizationPercent: 70 }).scaleOnPodsMetric({ metricName: "http_requests_per_second", averageValue: "100" });
  return setup;
}

describe("KubernetesAgentApp with the spec's HPA", () => {
  test("one kubernetes_horizontal_pod_autoscaler_v2 with min 1 / max 10, CPU 70% and http_requests_per_second 100 per pod", () => {
    const { app } = specApp();
    const hpa = synthesizeAll(app).apps.findOne("kubernetes_horizontal_pod_autoscaler_v2").props;
    expect(hpa.spec.min_replicas).toBe(1);
    expect(hpa.spec.max_replicas).toBe(10);
    expect(hpa.spec.scale_target_ref).toEqual({ api_version: "apps/v1", kind: "Deployment", name: "intent" });
    expect(hpa.spec.metric).toEqual([
      { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", average_utilization: 70 } } },
      { type: "Pods", pods: { metric: { name: "http_requests_per_second" }, target: { type: "AverageValue", average_value: "100" } } },
    ]);
  });

  test("behavior equals the spec's numbers", () => {
    const { app } = specApp();
    const hpa = synthesizeAll(app).apps.findOne("kubernetes_horizontal_pod_autoscaler_v2").props;
    // select_policy is always written: the provider would send an unset one as "", which the API server rejects.
    expect(hpa.spec.behavior).toEqual({
      scale_down: [{ stabilization_window_seconds: 300, select_policy: "Max", policy: [{ type: "Percent", value: 50, period_seconds: 60 }] }],
      scale_up: [{ stabilization_window_seconds: 0, select_policy: "Max", policy: [{ type: "Percent", value: 100, period_seconds: 15 }] }],
    });
  });

  test("a pods metric warns that AKS has no custom-metrics API", () => {
    const { agent } = specApp();
    expect(warnings(agent)).toEqual([expect.stringMatching(/custom-metrics API \(custom\.metrics\.k8s\.io\), which AKS does not install.*never scales down/)]);
  });

  test("the Deployment's replica count belongs to the autoscaler; no ScaledObject", () => {
    const { app } = specApp();
    const apps = synthesizeAll(app).apps;
    expect(apps.findOne("kubernetes_deployment_v1").props.lifecycle).toEqual({ ignore_changes: ["spec[0].replicas"] });
    expect(apps.count("kubernetes_manifest")).toBe(0);
  });
});

describe("workload identity", () => {
  test("a user-assigned identity in the cluster's stack, federated with system:serviceaccount:<ns>:<sa> of the cluster's issuer", () => {
    const { app, agent } = aksApp({ namespace: "agents" });
    const { cluster, apps } = synthesizeAll(app);
    expect(cluster.count("azurerm_user_assigned_identity")).toBe(1);
    // Named after the app, so that the portal tells the identities apart.
    expect(cluster.findOne("azurerm_user_assigned_identity").props.name).toMatch(/^cs-intent-[0-9a-f]{8}$/);
    const credential = cluster.findOne("azurerm_federated_identity_credential").props;
    const aks = cluster.findOne("azurerm_kubernetes_cluster");
    expect(credential).toMatchObject({ subject: "system:serviceaccount:agents:intent", audience: ["api://AzureADTokenExchange"], issuer: `\${azurerm_kubernetes_cluster.${aks.id}.oidc_issuer_url}` });
    expect(agent.identity.subject).toBe("system:serviceaccount:agents:intent");
    const account = apps.findOne("kubernetes_service_account_v1").props;
    expect(account.metadata.name).toBe("intent");
    expect(Object.keys(account.metadata.annotations)).toEqual(["azure.workload.identity/client-id"]);
    const pod = apps.findOne("kubernetes_deployment_v1").props.spec.template;
    expect(pod.metadata.labels["azure.workload.identity/use"]).toBe("true");
    expect(pod.spec.service_account_name).toBe("intent");
    expect(pod.spec.container[0].env.map((e: { name: string }) => e.name)).toContain("AZURE_CLIENT_ID");
  });

  test("an app in the cluster's own stack is rejected, with the two-stack fix", () => {
    const { platform, cluster } = aksApp();
    expect(() => new KubernetesAgentApp(platform, "same", { cluster, image: "x.azurecr.io/a:1" })).toThrow(
      'cluster/same: is in the stack of its cluster (cluster/aks, stack "cluster"). kubernetes_manifest and the kubernetes provider need the cluster\'s API at plan time',
    );
  });
});

describe("the namespace", () => {
  test("one per stack and cluster, at the stack's root: removing the first app does not move it (or destroy the apps in it)", () => {
    const addressesWith = (names: string[]) => {
      const { app, apps, cluster } = aksApp({ appName: names[0] });
      for (const name of names.slice(1)) new KubernetesAgentApp(apps, name, { cluster, image: "example.azurecr.io/a:1" });
      const template = synthesizeAll(app).apps;
      const namespaces = template.resources("kubernetes_namespace_v1");
      expect(namespaces.map((n) => n.props.metadata)).toEqual([{ name: "agents" }]);
      const address = `kubernetes_namespace_v1.${namespaces[0]!.id}`;
      for (const deployment of template.resources("kubernetes_deployment_v1")) expect(deployment.props.depends_on).toContain(address);
      return address;
    };
    expect(addressesWith(["first", "second", "third"])).toBe(addressesWith(["second", "third"]));
  });
});

describe("the kubernetes provider of the apps stack", () => {
  test("reaches the cluster from its kube_config through the cluster stack's state and signs in with kubelogin (no local accounts)", () => {
    const { app } = aksApp();
    const { apps, cluster } = synthesizeAll(app);
    const [provider] = apps.json.provider.kubernetes as Array<Record<string, unknown>>;
    expect(provider).toEqual({
      host: expect.stringMatching(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-cluster\.outputs\.[A-Za-z0-9_-]+kube_config0host\}$/),
      cluster_ca_certificate: expect.stringMatching(/^\$\{base64decode\(data\.terraform_remote_state\.cross-stack-reference-input-cluster\.outputs\.[A-Za-z0-9_-]+kube_config0cluster_ca_certificate\)\}$/),
      exec: [{ api_version: "client.authentication.k8s.io/v1beta1", command: "kubelogin", args: ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"] }],
    });
    // The cluster stack's outputs that carry them (and the other cross-stack values) are sensitive.
    const outputs = Object.values(cluster.json.output as Record<string, { sensitive?: boolean }>);
    expect(outputs.length).toBeGreaterThanOrEqual(2);
    expect(outputs.filter((output) => output.sensitive !== true)).toEqual([]);
  });

  test("a service principal signs in with the azurerm provider's ARM_* variables", () => {
    const { app } = aksApp({}, { kubeloginMode: KubeloginMode.SERVICE_PRINCIPAL });
    const [provider] = synthesizeAll(app).apps.json.provider.kubernetes as Array<{ exec: Array<{ args: string[] }> }>;
    expect(provider!.exec[0]!.args).toEqual(["get-token", "--login", "spn", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630", "--use-azurerm-env-vars"]);
  });
});

describe("KEDA", () => {
  test("a queue trigger makes one ScaledObject (CPU as a KEDA cpu trigger, behavior in advanced) and no native HPA", () => {
    const { app, agent } = aksApp({ minReplicas: 0, maxReplicas: 10, behavior: SPEC_BEHAVIOR });
    agent.scaleOnCpuUtilization({ targetUtilizationPercent: 70 }).scaleOnAzureQueue({ accountName: "csqueues", queueName: "orders", queueLength: 20 });
    const { apps, cluster } = synthesizeAll(app);
    expect(apps.count("kubernetes_horizontal_pod_autoscaler_v2")).toBe(0);
    const manifests = apps.resources("kubernetes_manifest").map((m) => m.props.manifest);
    const scaled = manifests.find((m) => m.kind === "ScaledObject");
    expect(scaled.spec).toEqual({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "intent" },
      minReplicaCount: 0,
      maxReplicaCount: 10,
      pollingInterval: 30,
      cooldownPeriod: 300,
      advanced: {
        horizontalPodAutoscalerConfig: {
          behavior: {
            scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Percent", value: 50, periodSeconds: 60 }] },
            scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] },
          },
        },
      },
      triggers: [
        { type: "cpu", name: "cpu", metricType: "Utilization", metadata: { value: "70" } },
        { type: "azure-queue", name: "azure-queue-orders", metadata: { accountName: "csqueues", queueName: "orders", queueLength: "20" }, authenticationRef: { name: "intent-workload-identity" } },
      ],
    });
    const auth = manifests.find((m) => m.kind === "TriggerAuthentication");
    expect(auth.metadata).toEqual({ name: "intent-workload-identity", namespace: "agents" });
    expect(auth.spec.podIdentity.provider).toBe("azure-workload");
    const subjects = cluster.resources("azurerm_federated_identity_credential").map((c) => c.props.subject).sort();
    expect(subjects).toEqual(["system:serviceaccount:agents:intent", `system:serviceaccount:${KEDA_OPERATOR_SERVICE_ACCOUNT.namespace}:${KEDA_OPERATOR_SERVICE_ACCOUNT.name}`]);
    const keda = cluster.resources("azurerm_federated_identity_credential").find((c) => c.props.subject.includes("keda-operator"))!;
    expect(keda.props.depends_on).toHaveLength(1);
  });

  test.each([
    ["a queue rule alone", (agent: KubernetesAgentApp) => agent.scaleOnAzureQueue({ accountName: "csqueues", queueName: "orders" })],
    ["a cron rule, then a queue rule", (agent: KubernetesAgentApp) => agent.scaleOnSchedule({ timeZone: "UTC", start: "0 8 * * *", end: "0 9 * * *", desiredReplicas: 2 }).scaleOnAzureQueue({ accountName: "csqueues", queueName: "orders" })],
  ])("with %s, the ScaledObject depends on its TriggerAuthentication by a static reference (terraform validate rejects \"${...}\")", (_rules, addRules) => {
    const { app, agent } = aksApp();
    addRules(agent);
    const apps = synthesizeAll(app).apps;
    const manifests = apps.resources("kubernetes_manifest");
    expect(manifests).toHaveLength(2);
    const auth = manifests.find((m) => m.props.manifest.kind === "TriggerAuthentication")!;
    const scaled = manifests.find((m) => m.props.manifest.kind === "ScaledObject")!;
    expect(scaled.props.depends_on).toContain(`kubernetes_manifest.${auth.id}`);
    expect(scaled.props.manifest.spec.triggers.map((t: { type: string }) => t.type)).toEqual(expect.arrayContaining(["azure-queue"]));
  });

  test("a cron trigger with the Container Apps rules", () => {
    const { app, agent } = aksApp();
    agent.scaleOnSchedule({ timeZone: "America/New_York", start: "0 8 * * 1-5", end: "0 20 * * 1-5", desiredReplicas: 3 });
    const scaled = synthesizeAll(app).apps.resources("kubernetes_manifest").map((m) => m.props.manifest).find((m) => m.kind === "ScaledObject");
    expect(scaled.spec.triggers).toEqual([{ type: "cron", name: "schedule", metadata: { timezone: "America/New_York", start: "0 8 * * 1-5", end: "0 20 * * 1-5", desiredReplicas: "3" } }]);
    expect(() => agent.scaleOnSchedule({ timeZone: "Mars/Olympus", start: "0 8 * * *", end: "0 9 * * *", desiredReplicas: 1 })).toThrow(/^apps\/intent: .*Mars\/Olympus/);
    expect(() => agent.scaleOnSchedule({ timeZone: "UTC", start: "0 8 * *", end: "0 9 * * *", desiredReplicas: 1 })).toThrow('apps/intent: cron expression "0 8 * *" must have 5 fields');
  });

  test("a pods metric cannot be combined with KEDA triggers", () => {
    const { app, agent } = aksApp();
    agent.scaleOnPodsMetric({ metricName: "rps", averageValue: 100 }).scaleOnServiceBus({ namespace: "cs-bus", queueName: "returns" });
    expect(() => synthesizeAll(app)).toThrow('apps/intent: the pods metric rule "pods-rps" cannot be combined with KEDA triggers');
  });
});

describe("grantTo", () => {
  test("OpenAI and Cosmos grants go to the app's user-assigned identity and write the pool settings, AGENT_POOL_MAX_REPLICAS included", () => {
    const { app, agent, platform, environment } = aksApp({ maxReplicas: 6 });
    agent.scaleOnCpuUtilization({ targetUtilizationPercent: 70 });
    const openai = new OpenAIPoolConfig(platform, "openai", { environment, lifecycleAsOf: "2026-01-15", deployments: [{ name: "chat", model: "gpt-4o", modelVersion: "2024-11-20", tokensPerMinute: 100_000 }] });
    const cosmos = new CosmosDatabase(platform, "cosmos", { environment, databaseName: "cs" });
    openai.grantTo(agent);
    cosmos.grantTo(agent);
    const { cluster, apps } = synthesizeAll(app);
    const identity = cluster.findOne("azurerm_user_assigned_identity");
    expect(cluster.findOne("azurerm_role_assignment", { role_definition_name: "Cognitive Services OpenAI User" }).props.principal_id).toBe(`\${azurerm_user_assigned_identity.${identity.id}.principal_id}`);
    expect(cluster.findOne("azurerm_cosmosdb_sql_role_assignment").props.principal_id).toBe(`\${azurerm_user_assigned_identity.${identity.id}.principal_id}`);
    const env = apps.findOne("kubernetes_deployment_v1").props.spec.template.spec.container[0].env as { name: string; value?: string }[];
    const names = env.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(["AGENT_POOL_OPENAI_AUTH_MODE", "AGENT_POOL_COSMOS_ENDPOINT", "AGENT_POOL_COSMOS_DATABASE", "AGENT_POOL_MAX_REPLICAS"]));
    expect(env.find((e) => e.name === "AGENT_POOL_MAX_REPLICAS")!.value).toBe("6");
    expect(openai.grantedApps).toEqual([agent]);
  });
});

describe("validation", () => {
  test.each([
    [{ minReplicas: 5, maxReplicas: 2 }, "apps/intent: minReplicas (5) is greater than maxReplicas (2). Lower minReplicas or raise maxReplicas"],
    [{ maxReplicas: 0 }, "apps/intent: maxReplicas must be an integer from 1 to 1000; got 0"],
    [{ cpu: "half" }, 'apps/intent: cpu "half" is not a Kubernetes quantity. Use e.g. "500m" or "1"'],
    [{ appName: "Intent_Agent" }, 'apps/intent: Kubernetes name "Intent_Agent" is not valid'],
    [{ behavior: { scaleDown: { stabilizationWindow: Duration.seconds(4000), policies: [{ type: "Percent" as const, value: 50, period: Duration.seconds(60) }] } } }, "apps/intent: behavior.scaleDown.stabilizationWindow must be a whole number of seconds from 0 to 3600; got"],
    [{ behavior: { scaleUp: { stabilizationWindow: Duration.seconds(0), policies: [] } } }, "apps/intent: behavior.scaleUp.policies is empty"],
    [{ behavior: { scaleUp: { stabilizationWindow: Duration.seconds(0), policies: [{ type: "Percent" as const, value: 100, period: Duration.minutes(31) }] } } }, "apps/intent: behavior.scaleUp.policies[0].period must be a whole number of seconds from 1 to 1800"],
    [{ ingress: {} }, 'apps/intent: ingress uses the ingress class "webapprouting.kubernetes.azure.com", but the cluster cluster/aks has no application routing add-on'],
  ])("%j is rejected", (props, message) => {
    expect(() => aksApp(props)).toThrow(message);
  });

  test("a native HPA with minReplicas 0 is rejected at synth", () => {
    const { app, agent } = aksApp({ minReplicas: 0 });
    agent.scaleOnCpuUtilization({ targetUtilizationPercent: 70 });
    expect(() => synthesizeAll(app)).toThrow("apps/intent: minReplicas is 0, but a native HorizontalPodAutoscaler cannot scale to zero");
  });

  test("CPU target outside 1..100", () => {
    const { agent } = aksApp();
    expect(() => agent.scaleOnCpuUtilization({ targetUtilizationPercent: 0 })).toThrow("apps/intent: cpu targetUtilizationPercent must be an integer from 1 to 100; got 0");
  });
});

describe("without @cdktf/provider-kubernetes", () => {
  test("the package root loads, and a KubernetesAgentApp says what to install", () => {
    const deep = "@cdktf/provider-kubernetes/lib/provider";
    try {
      jest.isolateModules(() => {
        jest.doMock(deep, () => {
          throw Object.assign(new Error(`Cannot find module '${deep}' from 'src/core/optional-peer.ts'`), { code: "MODULE_NOT_FOUND" });
        });
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module registry with the peer missing
        const isolated = require("../../constructs") as typeof constructs;
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const fixture = require("./kubernetes-fixture") as typeof kubernetesFixture;
        const { apps, cluster } = fixture.aksStacks();
        expect(() => new isolated.KubernetesAgentApp(apps, "intent", { cluster, image: "example.azurecr.io/intent:v1" })).toThrow(
          "KubernetesAgentApp needs the optional peer dependency @cdktf/provider-kubernetes: npm install @cdktf/provider-kubernetes@^12.1.1",
        );
      });
    } finally {
      jest.dontMock(deep);
    }
  });
});

describe("probes and the disruption budget", () => {
  test("probes render as http_get (with the scheme) or tcp_socket, timings in seconds", () => {
    const { app } = aksApp({
      probes: {
        readiness: { port: 8080, path: "/ready", interval: Duration.seconds(5), failureThreshold: 2 },
        liveness: { transport: ProbeTransport.TCP, port: 8080, initialDelay: Duration.seconds(90) },
        startup: { transport: ProbeTransport.HTTPS, port: 8443, timeout: Duration.seconds(3) },
      },
    });
    const container = synthesizeAll(app).apps.findOne("kubernetes_deployment_v1").props.spec.template.spec.container[0];
    expect(container.readiness_probe).toEqual({ http_get: { path: "/ready", port: "8080", scheme: "HTTP" }, period_seconds: 5, failure_threshold: 2 });
    // 90 s: above Container Apps' 60 s limit, which Kubernetes does not have.
    expect(container.liveness_probe).toEqual({ tcp_socket: [{ port: "8080" }], initial_delay_seconds: 90 });
    expect(container.startup_probe).toEqual({ http_get: { path: "/", port: "8443", scheme: "HTTPS" }, timeout_seconds: 3 });
  });

  test("no probes by default; bad probes are named with their value", () => {
    const { app } = aksApp();
    const container = synthesizeAll(app).apps.findOne("kubernetes_deployment_v1").props.spec.template.spec.container[0];
    expect([container.readiness_probe, container.liveness_probe, container.startup_probe]).toEqual([undefined, undefined, undefined]);
    expect(() => aksApp({ probes: { readiness: { port: 70_000 } } })).toThrow(/^apps\/intent: probes\.readiness\.port must be an integer from 1 to 65535; got 70000/);
    expect(() => aksApp({ probes: { liveness: { transport: ProbeTransport.TCP, port: 80, path: "/x" } } })).toThrow(/probes\.liveness\.path "\/x" is set on a TCP probe/);
  });

  test("a pod disruption budget of 1 unavailable pod by default, the given number, or none", () => {
    const budgetOf = (props: Parameters<typeof aksApp>[0]) => synthesizeAll(aksApp(props).app).apps.resources("kubernetes_pod_disruption_budget_v1").map((r) => r.props.spec);
    expect(budgetOf({})).toEqual([{ max_unavailable: "1", selector: { match_labels: { app: "intent" } } }]);
    expect(budgetOf({ maxUnavailable: 3 })).toEqual([{ max_unavailable: "3", selector: { match_labels: { app: "intent" } } }]);
    expect(budgetOf({ maxUnavailable: false })).toEqual([]);
    expect(() => aksApp({ maxUnavailable: 0 })).toThrow(/^apps\/intent: maxUnavailable must be an integer from 1 to 1000; got 0/);
  });
});
