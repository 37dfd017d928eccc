/**
 * What azurerm 4.73.0 (@cdktn/provider-azurerm 16.1.0, the CDK Terrain flavour's provider) changes against 4.55.0
 * (@cdktf/provider-azurerm 14.23.1) for the resource types the default platform synthesizes, from both packages'
 * own assemblies (test/support/provider-schema.ts). The README's "CDK Terrain" section lists the same changes: a
 * provider bump that changes them fails here until the README says so.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RetailCustomerServicePlatform } from "../constructs";
import { checkProviderSchema, providerVersion, resourceSchemaDifferences } from "./support/provider-schema";
import { synthesize, testStack } from "./support/template";

const stack = testStack();
new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2" });
const template = synthesize(stack);
const types = Object.keys(template.json.resource).sort();

test("the providers compared are the flavours' pinned ones", () => {
  expect([providerVersion("@cdktf/provider-azurerm"), providerVersion("@cdktn/provider-azurerm")]).toEqual(["14.23.1", "16.1.0"]);
});

/** `<type>.<argument path>: <change>` for every difference, in type and path order. */
const changes = types.flatMap((type) => {
  const differences = resourceSchemaDifferences(type, "@cdktf/provider-azurerm", "@cdktn/provider-azurerm");
  if (differences === undefined) throw new Error(`${type} is missing from one provider`);
  return differences.map((difference) => `${type}.${difference.path}: ${difference.change}`);
});

test("every resource type of the default platform exists in both, and azurerm 4.73 only adds optional arguments to three", () => {
  expect(types).toHaveLength(18);
  expect(changes).toEqual([
    "azurerm_container_app.template.custom_scale_rule.identity_id: added",
    "azurerm_monitor_scheduled_query_rules_alert_v2.action.email_subject: added",
    "azurerm_user_assigned_identity.isolation_scope: added",
  ]);
});

test("the cdktf flavour's default platform also passes the schema built from @cdktn/provider-azurerm's assembly", () => {
  expect(checkProviderSchema(template.json, { providerPackage: "@cdktn/provider-azurerm" })).toEqual([]);
});

test("the README's CDK Terrain section has a row for each of those changes", () => {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  const section = /^## CDK Terrain\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? "";
  const rows = [...section.matchAll(/^\| `(azurerm_[a-z0-9_]+)` \| `([a-z0-9_.]+)` \| ([a-z ]+) \|/gm)].map((row) => `${row[1]}.${row[2]}: ${row[3]}`);
  expect(rows).toEqual(changes);
});
