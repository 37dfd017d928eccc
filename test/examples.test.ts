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
import { Template } from "./support/template";

const root = resolve(__dirname, "..");

function synthesizeExample(example: string, stack: string): Template {
  const outdir = mkdtempSync(join(tmpdir(), "example-"));
  try {
    execFileSync(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", "--project", "tsconfig.dev.json", `examples/${example}/main.ts`], {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
      stdio: "pipe",
    });
    const json = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    expectValidProviderSchema(json);
    return new Template(json);
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
