/**
 * The examples are what users copy: each one runs as its own process, exactly as `cdktf synth` runs it
 * (ts-node, transpile only), writes Terraform JSON that passes the provider-schema check, and holds the
 * resources it promises.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expectValidProviderSchema } from "./support/provider-schema";
import { expectStaticDependsOn, Template } from "./support/template";

const root = resolve(__dirname, "..");

function synthesizeExample(example: string, stack: string): Template {
  return synthesizeExampleStacks(example, [stack])[0]!;
}

function synthesizeExampleStacks(example: string, stacks: readonly string[]): Template[] {
  const outdir = mkdtempSync(join(tmpdir(), "example-"));
  try {
    execFileSync(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", "--project", "tsconfig.dev.json", `examples/${example}/main.ts`], {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
      stdio: "pipe",
    });
    return stacks.map((stack) => {
      const json = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
      expectValidProviderSchema(json);
      expectStaticDependsOn(json);
      return new Template(json);
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

test("examples/retail-platform (the default app of cdktf.json) synthesizes the whole platform", () => {
  const cdktfJson = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8"));
  expect(cdktfJson.app).toContain("examples/retail-platform/main.ts");
  expect(cdktfJson.sendCrashReports).toBe(false);
  const template = synthesizeExample("retail-platform", "retail-platform");
  expect(template.count("azurerm_container_app")).toBe(8);
  expect(template.find("azurerm_container_app", { ingress: { external_enabled: true } })).toHaveLength(1);
  expect(template.find("azurerm_container_app", { template: { max_replicas: 10, min_replicas: 1, container: [{ cpu: 1, memory: "2Gi" }] } })).toHaveLength(1);
  expect(template.count("azurerm_cognitive_deployment")).toBe(1);
  expect(template.count("azurerm_monitor_action_group")).toBe(1);
}, 60_000);

test("examples/custom-agents composes the smaller constructs", () => {
  const template = synthesizeExample("custom-agents", "returns-agents");
  expect(template.count("azurerm_resource_group")).toBe(0);
  expect(template.count("azurerm_container_app")).toBe(2);
  expect(template.resources("azurerm_cognitive_account").map((account) => account.props.location).sort()).toEqual(["swedencentral", "westeurope"]);
  expect(template.findOne("azurerm_cosmosdb_account").props.capabilities).toEqual([{ name: "EnableServerless" }]);
  expect(template.count("azurerm_monitor_scheduled_query_rules_alert_v2")).toBe(1);
  const triage = template.findOne("azurerm_container_app", { template: { max_replicas: 6 } });
  expect(triage.props.template.custom_scale_rule.map((rule: { custom_rule_type: string }) => rule.custom_rule_type)).toEqual(["azure-servicebus", "cron"]);
}, 60_000);

test("examples/aks-platform deploys the spec's Option 2 as two stacks: the cluster, then the agents with the spec's HPA (CPU; the pods metric waits for an adapter)", () => {
  const cdktfJson = JSON.parse(readFileSync(join(root, "examples", "aks-platform", "cdktf.json"), "utf8"));
  expect(cdktfJson.sendCrashReports).toBe(false);
  const [cluster, apps] = synthesizeExampleStacks("aks-platform", ["aks-cluster", "aks-apps"]);
  expect(cluster!.count("azurerm_kubernetes_cluster")).toBe(1);
  expect(cluster!.findOne("azurerm_kubernetes_cluster_node_pool").props).toMatchObject({ vm_size: "Standard_D4s_v3", min_count: 1, max_count: 4 });
  expect(cluster!.count("azurerm_user_assigned_identity")).toBe(6);
  expect(cluster!.count("azurerm_federated_identity_credential")).toBe(6);
  expect(cluster!.find("azurerm_role_assignment", { role_definition_name: "Cognitive Services OpenAI User" })).toHaveLength(5);
  expect(cluster!.count("azurerm_cosmosdb_sql_role_assignment")).toBe(5);
  expect(apps!.count("kubernetes_deployment_v1")).toBe(6);
  expect(apps!.count("kubernetes_ingress_v1")).toBe(1);
  expect(apps!.count("kubernetes_namespace_v1")).toBe(1);
  const hpas = apps!.resources("kubernetes_horizontal_pod_autoscaler_v2");
  expect(hpas).toHaveLength(6);
  for (const hpa of hpas) {
    expect(hpa.props.spec).toMatchObject({
      min_replicas: 1,
      max_replicas: 10,
      metric: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", average_utilization: 70 } } }],
      behavior: {
        scale_down: [{ stabilization_window_seconds: 300, select_policy: "Max", policy: [{ type: "Percent", value: 50, period_seconds: 60 }] }],
        scale_up: [{ stabilization_window_seconds: 0, select_policy: "Max", policy: [{ type: "Percent", value: 100, period_seconds: 15 }] }],
      },
    });
  }
}, 60_000);
