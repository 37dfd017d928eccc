/**
 * The provider-schema check (test/support/provider-schema.ts) on the kubernetes provider's types, from
 * @cdktf/provider-kubernetes's own assembly, by the same code path as azurerm's.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { checkProviderSchema, expectValidProviderSchema, providerVersion, resourceArguments } from "./support/provider-schema";

const DEPLOYMENT = "resource.kubernetes_deployment_v1.agent";

/** A deployment that satisfies the schema; tests break one thing at a time. */
function validDeployment(): Record<string, Record<string, unknown>> {
  return {
    metadata: { name: "intent", namespace: "agents" },
    spec: {
      replicas: "2",
      selector: { match_labels: { app: "intent" } },
      template: {
        metadata: { labels: { app: "intent" } },
        spec: { container: [{ name: "intent", image: "acr.azurecr.io/intent:1", resources: { requests: { cpu: "500m" } } }] },
      },
    },
  };
}

function withDeployment(edit: (deployment: Record<string, Record<string, unknown>>) => void): object {
  const agent = validDeployment();
  edit(agent);
  return { resource: { kubernetes_deployment_v1: { agent } } };
}

describe("kubernetes types are checked against @cdktf/provider-kubernetes's assembly", () => {
  test("the schema is the pinned provider's, cached in a file of its own", () => {
    expect(providerVersion("@cdktf/provider-kubernetes")).toBe("12.1.1");
    const cache = join(__dirname, "..", "node_modules", ".cache", "provider-schema-cdktf-provider-kubernetes-12.1.1.json");
    expect(existsSync(cache)).toBe(true);
    expect(resourceArguments("@cdktf/provider-kubernetes", "kubernetes_manifest")).toMatchObject({ manifest: { required: true }, computed_fields: { required: false } });
  });

  test("nothing for the valid baseline (so each case below fails for its one edit)", () => {
    expect(checkProviderSchema(withDeployment(() => undefined))).toEqual([]);
  });

  test("a wrong argument, with the Terraform name it probably means", () => {
    const problems = checkProviderSchema(
      withDeployment((deployment) => {
        deployment.spec.replica = deployment.spec.replicas;
        delete deployment.spec.replicas;
        (deployment.spec.selector as Record<string, unknown>).matchLabels = { app: "intent" };
      }),
    );
    expect(problems).toEqual([
      { path: `${DEPLOYMENT}.spec.0.selector.0.matchLabels`, message: 'unknown attribute or block "matchLabels" (did you mean "match_labels"?)' },
      { path: `${DEPLOYMENT}.spec.0.replica`, message: 'unknown attribute or block "replica" (did you mean "replicas"?)' },
    ]);
  });

  test("missing required blocks and attributes, at the top and nested", () => {
    const problems = checkProviderSchema(
      withDeployment((deployment) => {
        delete deployment.metadata;
        const template = deployment.spec.template as Record<string, Record<string, unknown>>;
        template.spec.container = [{ image: "nginx" }];
      }),
    );
    expect(problems).toEqual([
      { path: `${DEPLOYMENT}.spec.0.template.0.spec.0.container.0.name`, message: 'missing required attribute "name"' },
      { path: `${DEPLOYMENT}.metadata`, message: 'missing required block "metadata"' },
    ]);
  });

  test("a wrong type: replicas is a string in this provider, a list of containers is not a single block", () => {
    const problems = checkProviderSchema(
      withDeployment((deployment) => {
        deployment.spec.replicas = 2;
        const template = deployment.spec.template as Record<string, Record<string, unknown>>;
        template.spec.container = { name: "intent" };
      }),
    );
    expect(problems).toEqual([
      { path: `${DEPLOYMENT}.spec.0.replicas`, message: "expected a string, got number 2" },
      { path: `${DEPLOYMENT}.spec.0.template.0.spec.0.container`, message: "is a list of blocks: give a list of objects, not a single object" },
    ]);
  });

  test("unknown kubernetes resource and data source types, and problems in provider.kubernetes", () => {
    const problems = checkProviderSchema({
      resource: { kubernetes_deployment_v3: { agent: validDeployment() } },
      data: { kubernetes_namespace_v2: { agents: { metadata: { name: "agents" } } } },
      provider: { kubernetes: [{ host: "https://aks", tls_servername: "aks" }] },
    });
    expect(problems).toEqual([
      { path: "resource.kubernetes_deployment_v3", message: 'unknown resource type "kubernetes_deployment_v3" (did you mean "kubernetes_deployment_v1"?)' },
      { path: "data.kubernetes_namespace_v2", message: 'unknown data source type "kubernetes_namespace_v2" (did you mean "kubernetes_namespace_v1"?)' },
      { path: "provider.kubernetes.0.tls_servername", message: 'unknown attribute or block "tls_servername" (did you mean "tls_server_name"?)' },
    ]);
  });

  test("kubernetes_manifest's manifest takes any JSON object, but must be there and be an object", () => {
    const manifest = {
      apiVersion: "keda.sh/v1alpha1",
      kind: "ScaledObject",
      metadata: { name: "intent", namespace: "agents", labels: { app: "intent" } },
      spec: { minReplicaCount: 1, pollingInterval: 30, advanced: { restoreToOriginalReplicaCount: true }, triggers: [{ type: "cron", metadata: { start: "0 8 * * 1-5" } }, null] },
    };
    expect(checkProviderSchema({ resource: { kubernetes_manifest: { ok: { manifest } } } })).toEqual([]);
    expect(checkProviderSchema({ resource: { kubernetes_manifest: { expression: { manifest: "${yamldecode(file(var.path))}" } } } })).toEqual([]);
    expect(checkProviderSchema({ resource: { kubernetes_manifest: { missing: { computed_fields: ["metadata.labels"] }, scalar: { manifest: "ScaledObject" } } } })).toEqual([
      { path: "resource.kubernetes_manifest.missing.manifest", message: 'missing required attribute "manifest"' },
      { path: "resource.kubernetes_manifest.scalar.manifest", message: 'expected a map (object), got string "ScaledObject"' },
    ]);
  });
});

describe("which provider a type belongs to", () => {
  test("kubernetes types are reported, not skipped, when the check is not given the kubernetes assembly; unknown providers are skipped", () => {
    const synthesized = {
      resource: { kubernetes_deployment_v1: { agent: validDeployment() }, random_string: { suffix: { length: 6 } } },
      provider: { kubernetes: [{}], random: [{}] },
    };
    expect(checkProviderSchema(synthesized, { providerPackages: ["@cdktn/provider-azurerm"] })).toEqual([
      {
        path: "resource.kubernetes_deployment_v1",
        message:
          'resource type "kubernetes_deployment_v1" is one of the kubernetes provider, whose schema this check was not given (providerPackages: @cdktn/provider-azurerm); add @cdktf/provider-kubernetes',
      },
      { path: "provider.kubernetes", message: expect.stringMatching(/^a provider block of the kubernetes provider, whose schema this check was not given/) },
    ]);
    expect(checkProviderSchema(synthesized)).toEqual([]);
  });

  test("one assembly per provider, and providerPackage or providerPackages", () => {
    expect(() => checkProviderSchema({}, { providerPackages: ["@cdktf/provider-azurerm", "@cdktn/provider-azurerm"] })).toThrow(
      "provider-schema: @cdktf/provider-azurerm and @cdktn/provider-azurerm both wrap azurerm: give one",
    );
    expect(() => checkProviderSchema({}, { providerPackage: "@cdktn/provider-azurerm", providerPackages: [] })).toThrow("give providerPackage or providerPackages, not both");
  });

  test("expectValidProviderSchema names the providers whose schemas it used", () => {
    const broken = {
      resource: { azurerm_resource_group: { rg: { location: "eastus2" } }, ...(withDeployment((d) => delete d.metadata) as { resource: object }).resource },
    };
    expect(() => expectValidProviderSchema(broken)).toThrow(
      [
        "Synthesized stack does not match the azurerm and kubernetes provider schemas (2 problem(s)):",
        '  resource.azurerm_resource_group.rg.name: missing required attribute "name"',
        `  ${DEPLOYMENT}.metadata: missing required block "metadata"`,
      ].join("\n"),
    );
  });
});

test("a stack synthesized with the kubernetes provider's own constructs (deep imports) passes, next to azurerm", () => {
  const stack = new TerraformStack(Testing.app(), "stack");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  new ResourceGroup(stack, "rg", { name: "rg-aks", location: "eastus2" });
  new KubernetesProvider(stack, "kubernetes", {
    host: "https://aks.example",
    clusterCaCertificate: "${base64decode(var.ca)}",
    exec: [{ apiVersion: "client.authentication.k8s.io/v1beta1", command: "kubelogin", args: ["get-token"] }],
  });
  const deployment = new DeploymentV1(stack, "agent", {
    metadata: { name: "intent", namespace: "agents" },
    spec: {
      selector: { matchLabels: { app: "intent" } },
      template: {
        metadata: { labels: { app: "intent" } },
        spec: {
          serviceAccountName: "intent",
          container: [{ name: "intent", image: "acr.azurecr.io/intent:1", port: [{ containerPort: 8080 }], resources: { requests: { cpu: "500m", memory: "1Gi" } } }],
        },
      },
    },
  });
  new HorizontalPodAutoscalerV2(stack, "hpa", {
    metadata: { name: "intent", namespace: "agents" },
    spec: {
      minReplicas: 1,
      maxReplicas: 10,
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
      metric: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
      behavior: { scaleDown: [{ stabilizationWindowSeconds: 300, policy: [{ type: "Percent", value: 50, periodSeconds: 60 }] }] },
    },
  });
  new Manifest(stack, "scaled-object", {
    manifest: { apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: { name: "intent", namespace: "agents" }, spec: { scaleTargetRef: { name: "intent" }, triggers: [{ type: "cron" }] } },
  });

  const synthesized = JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Record<string, Record<string, unknown>>>> };

  // The check must have something to look at: the types and blocks as cdktf emits them.
  expect(Object.keys(synthesized.resource).sort()).toEqual(["azurerm_resource_group", "kubernetes_deployment_v1", "kubernetes_horizontal_pod_autoscaler_v2", "kubernetes_manifest"]);
  expect(synthesized.resource.kubernetes_horizontal_pod_autoscaler_v2.hpa.spec.behavior).toEqual({
    scale_down: [{ stabilization_window_seconds: 300, policy: [{ type: "Percent", value: 50, period_seconds: 60 }] }],
  });
  expect(synthesized.resource.kubernetes_manifest["scaled-object"].manifest).toHaveProperty("spec.scaleTargetRef.name", "intent");
  expect(checkProviderSchema(synthesized)).toEqual([]);
});
