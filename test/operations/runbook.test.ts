import { RetailCustomerServicePlatform } from "../../constructs";
import {
  busiestAppsQuery,
  failedRequestsQuery,
  renderRunbook,
  requestsOverviewQuery,
  systemLogsQuery,
} from "../../src/operations/runbook";
import { readTerraformStack, type TerraformStackModel } from "../../src/operations/terraform-stack";
import { APPLICATION_INSIGHTS_SCHEMA, kustoDiagnostics, LOG_ANALYTICS_SCHEMA } from "../support/kusto";
import { synthesize, testStack, type Template } from "../support/template";

/** The Markdown split at its headings of `level` (`## ` by default), heading text to body; code fences are skipped. */
function sections(markdown: string, level = 2): Map<string, string> {
  const marker = `${"#".repeat(level)} `;
  const result = new Map<string, string>();
  let current: string | undefined;
  let body: string[] = [];
  let inFence = false;
  const flush = (): void => {
    if (current !== undefined) {
      if (result.has(current)) throw new Error(`duplicate heading ${current}`);
      result.set(current, body.join("\n"));
    }
  };
  for (const line of markdown.split("\n")) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    if (!inFence && line.startsWith(marker)) {
      flush();
      current = line.slice(marker.length).trim();
      body = [];
    } else if (!inFence && /^#{1,6} /.test(line) && line.indexOf(" ") < level) {
      // a heading of a higher level ends the current section
      flush();
      current = undefined;
      body = [];
    } else {
      body.push(line);
    }
  }
  flush();
  return result;
}

/** The bodies of the code fences of `language` in `markdown`. */
function fences(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp("^\\s*```" + language + "\\n([\\s\\S]*?)\\n\\s*```", "gm"))].map((match) =>
    match[1]!
      .split("\n")
      .map((line) => line.trim())
      .join("\n"),
  );
}

/** Every shell command in the fences of `markdown`, one per line. */
function commands(markdown: string): string[] {
  return fences(markdown, "sh").flatMap((body) => body.split("\n"));
}

describe("the runbook of the default platform", () => {
  const stack = testStack();
  new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2", openAI: { lifecycleAsOf: "2026-12-01" }, alerts: { emails: ["ops@example.com"] } });
  const template: Template = synthesize(stack);
  const model: TerraformStackModel = readTerraformStack(template.json);
  const markdown = renderRunbook(model);
  const bySection = sections(markdown);
  const apps = template.resources("azurerm_container_app");
  const resourceGroup = template.resources("azurerm_resource_group")[0]!.props.name as string;

  test("the model reads every container app with its real name, resolved resource group, replicas and ingress", () => {
    expect(model.containerApps.map((app) => app.name)).toEqual(apps.map((app) => ({ kind: "literal", value: app.props.name })));
    for (const app of model.containerApps) {
      expect(app.resourceGroupName).toEqual({ kind: "literal", value: resourceGroup });
    }
    const gateway = model.containerApps.find((app) => app.logicalId.includes("apiGateway"))!;
    expect(gateway.ingress).toEqual({ external: true, targetPort: 8080 });
    expect(gateway.maxReplicas).toEqual({ kind: "literal", value: template.findOne("azurerm_container_app", { name: gateway.name.kind === "literal" ? gateway.name.value : "" }).props.template.max_replicas });
    expect(gateway.scaleRules).toEqual(
      expect.arrayContaining([
        { kind: "http", name: "http-concurrency", concurrentRequests: { kind: "literal", value: 10 } },
        expect.objectContaining({ kind: "custom", type: "cron" }),
      ]),
    );
    expect(model.containerApps.filter((app) => app.ingress?.external)).toHaveLength(1);
  });

  test("the model reads the Azure OpenAI deployment, the Cosmos DB database and the outputs", () => {
    const deployment = template.resources("azurerm_cognitive_deployment")[0]!.props;
    expect(model.openAIAccounts).toHaveLength(1);
    expect(model.openAIAccounts[0]!.deployments).toEqual([
      expect.objectContaining({
        name: { kind: "literal", value: deployment.name },
        modelName: { kind: "literal", value: deployment.model.name },
        skuName: deployment.sku.name,
        capacity: { kind: "literal", value: deployment.sku.capacity },
      }),
    ]);
    const database = template.resources("azurerm_cosmosdb_sql_database")[0]!.props;
    expect(model.cosmosAccounts[0]!.databases).toEqual([
      expect.objectContaining({ name: { kind: "literal", value: database.name }, autoscaleMaxThroughput: { kind: "literal", value: database.autoscale_settings.max_throughput } }),
    ]);
    expect(model.outputs.map((output) => output.id)).toEqual(Object.keys(template.outputs()).sort());
  });

  test("the model recognizes every row of the monitoring table and ties each alert to its app", () => {
    const kinds = [...model.metricAlerts, ...model.logAlerts].map((alert) => alert.kind);
    const count = (kind: string): number => kinds.filter((k) => k === kind).length;
    expect({
      latency: count("latency"),
      errorRate: count("error-rate"),
      replicas: count("replica-saturation"),
      ingress: count("ingress-5xx"),
      openai: count("openai-throttling"),
      other: count("other"),
    }).toEqual({ latency: apps.length, errorRate: apps.length, replicas: apps.length, ingress: apps.length, openai: 1, other: 0 });
    for (const alert of [...model.metricAlerts, ...model.logAlerts].filter((a) => a.kind !== "openai-throttling")) {
      expect(alert.containerApps).toHaveLength(1);
    }
    expect(model.metricAlerts.find((alert) => alert.kind === "openai-throttling")!.openAIAccounts).toEqual([model.openAIAccounts[0]!.logicalId]);
  });

  test("one `## <app name>` section per app, each with its resource group", () => {
    for (const app of apps) {
      const section = bySection.get(app.props.name as string);
      expect(section).toBeDefined();
      expect(section).toContain(`- Resource group: \`${resourceGroup}\``);
    }
  });

  test("the alerts table explains each kind of alert of the monitoring table", () => {
    const table = bySection.get("Alerts")!;
    const rows = table.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| Alert") && !line.startsWith("| ---"));
    expect(rows.map((row) => row.split(" | ")[0]!.slice(2))).toEqual(["P95 latency", "Error rate", "Replica saturation", "Ingress 5xx", "Azure OpenAI 429s"]);
    expect(table).toMatch(/30 s/);
    expect(table).toMatch(/1%/);
    expect(table).toMatch(/80% of its maximum replicas/);
    expect(table).toMatch(/10 per minute/);
  });

  test.each(apps.map((app) => [app.props.name as string, app]))("%s: its alerts, first queries and commands", (name, app) => {
    const section = bySection.get(name)!;
    const subsections = sections(section, 3);
    const alertNames = template
      .resources("azurerm_monitor_metric_alert")
      .filter((alert) => (alert.props.scopes as string[]).includes(`\${azurerm_container_app.${app.id}.id}`))
      .map((alert) => alert.props.name as string)
      .concat(
        template
          .resources("azurerm_monitor_scheduled_query_rules_alert_v2")
          .filter((alert) => (alert.props.criteria[0].query as string).includes(`cloud_RoleName == "${name}"`))
          .map((alert) => alert.props.name as string),
      );
    expect(alertNames).toHaveLength(4);
    const alertLines = subsections.get("Alerts")!.split("\n").filter((line) => line.startsWith("- "));
    expect(alertLines).toHaveLength(4);
    expect(alertLines.map((line) => /^- (P95 latency|Error rate|Replica saturation|Ingress 5xx) `/.exec(line)?.[1])).toEqual([
      "P95 latency",
      "Error rate",
      "Replica saturation",
      "Ingress 5xx",
    ]);
    for (const alertName of alertNames) expect(alertLines.some((line) => line.includes(`\`${alertName}\``))).toBe(true);

    const queries = fences(subsections.get("First queries")!, "kusto");
    expect(queries).toEqual([requestsOverviewQuery(name), failedRequestsQuery(name), systemLogsQuery(name)]);
    expect(queries[0]).toContain(`| where cloud_RoleName == "${name}"`);
    expect(queries[2]).toContain(`ContainerAppSystemLogs_CL\n| where ContainerAppName_s == "${name}"`);

    const target = `--name ${name} --resource-group ${resourceGroup}`;
    const { min_replicas: min, max_replicas: max } = app.props.template;
    expect(commands(subsections.get("Commands")!)).toEqual([
      `az containerapp update ${target} --min-replicas ${min} --max-replicas ${max}`,
      `az containerapp revision list ${target} -o table`,
      `az containerapp revision activate ${target} --revision <previous-revision>`,
      `az containerapp ingress traffic set ${target} --revision-weight <previous-revision>=100`,
      `az containerapp revision restart ${target} --revision <revision>`,
      `az containerapp replica list ${target} -o table`,
    ]);
    expect(app.props.revision_mode).toBe("Single");
    expect(subsections.get("Commands")).toMatch(/revision mode Single/);
    expect(subsections.get("Commands")).toMatch(/Traffic splitting needs revision mode Multiple/);
  });

  test("the Azure OpenAI section raises the deployment's TPM with its real names", () => {
    const account = template.resources("azurerm_cognitive_account")[0]!.props;
    const deployment = template.resources("azurerm_cognitive_deployment")[0]!.props;
    const section = bySection.get(`Azure OpenAI \`${account.name}\``)!;
    expect(section).toContain(`${deployment.sku.capacity} units = ${(deployment.sku.capacity * 1000).toLocaleString("en-US")} tokens per minute`);
    expect(commands(section)).toEqual([
      `az cognitiveservices account deployment show --name ${account.name} --resource-group ${resourceGroup} --deployment-name ${deployment.name}`,
      `az cognitiveservices account deployment create --name ${account.name} --resource-group ${resourceGroup} --deployment-name ${deployment.name} ` +
        `--model-name ${deployment.model.name} --model-version ${deployment.model.version} --model-format OpenAI ` +
        `--sku-capacity ${Math.ceil(deployment.sku.capacity * 1.5)} --sku-name ${deployment.sku.name}`,
    ]);
  });

  test("the Cosmos DB section raises the database's autoscale maximum", () => {
    const account = template.resources("azurerm_cosmosdb_account")[0]!.props;
    const database = template.resources("azurerm_cosmosdb_sql_database")[0]!.props;
    const section = bySection.get(`Cosmos DB \`${account.name}\``)!;
    expect(commands(section)).toEqual([
      `az cosmosdb sql database throughput update --account-name ${account.name} --name ${database.name} --resource-group ${resourceGroup} ` +
        `--max-throughput ${database.autoscale_settings.max_throughput * 2}`,
    ]);
  });

  test("the emergency procedure scales out the gateway, then restores every app's declared values and says to run cdktf deploy", () => {
    const section = bySection.get("Emergency scale-out and scale-back")!;
    const gateway = apps.find((app) => app.props.ingress.external_enabled === true)!;
    const steps = commands(section);
    const gatewayMax = gateway.props.template.max_replicas as number;
    expect(steps).toContain(
      `az containerapp update --name ${gateway.props.name} --resource-group ${resourceGroup} --min-replicas ${Math.ceil(gatewayMax / 2)} --max-replicas ${gatewayMax * 2}`,
    );
    for (const app of apps) {
      expect(steps).toContain(
        `az containerapp update --name ${app.props.name} --resource-group ${resourceGroup} --min-replicas ${app.props.template.min_replicas} --max-replicas ${app.props.template.max_replicas}`,
      );
    }
    expect(fences(section, "kusto")).toEqual([busiestAppsQuery()]);
    expect(section).toMatch(/`cdktf deploy`/);
    expect(section).toMatch(/Terraform resets every manual change/);
  });

  test("no raw Terraform expression and no placeholder table: every name of the default platform is a literal", () => {
    expect(markdown).not.toContain("${");
    expect(bySection.has("Values to read before running the commands")).toBe(false);
  });

  test("every query of the runbook passes Microsoft's Kusto parser", () => {
    const queries = fences(markdown, "kusto");
    expect(queries.length).toBe(apps.length * 3 + 1);
    for (const query of queries) {
      const schema = query.startsWith("ContainerAppSystemLogs_CL") ? LOG_ANALYTICS_SCHEMA : APPLICATION_INSIGHTS_SCHEMA;
      expect(kustoDiagnostics(query, schema)).toEqual([]);
    }
  });
});

/** A minimal stack JSON with one container app. */
function appStack(app: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resource: {
      azurerm_container_app: {
        orders: {
          revision_mode: "Multiple",
          template: { min_replicas: 2, max_replicas: 6, tcp_scale_rule: [{ name: "tcp", concurrent_requests: "50" }] },
          ingress: { external_enabled: false, target_port: 9000 },
          ...app,
        },
      },
    },
    ...extra,
  };
}

describe("the runbook of a hand-written stack", () => {
  test("literal names and resource group appear as they are; revision mode Multiple rolls back by traffic", () => {
    const model = readTerraformStack(appStack({ name: "orders-api", resource_group_name: "rg-orders-prod" }));
    expect(model.containerApps[0]!.scaleRules).toEqual([{ kind: "tcp", name: "tcp", concurrentRequests: { kind: "literal", value: 50 } }]);
    const markdown = renderRunbook(model);
    const section = sections(markdown).get("orders-api")!;
    expect(section).toContain("- Resource group: `rg-orders-prod`");
    expect(section).toContain("tcp: TCP, 50 concurrent connections per replica");
    expect(commands(sections(section, 3).get("Commands")!)).toEqual([
      "az containerapp update --name orders-api --resource-group rg-orders-prod --min-replicas 2 --max-replicas 6",
      "az containerapp revision list --name orders-api --resource-group rg-orders-prod -o table",
      "az containerapp ingress traffic set --name orders-api --resource-group rg-orders-prod --revision-weight <previous-revision>=100",
      "az containerapp revision restart --name orders-api --resource-group rg-orders-prod --revision <revision>",
      "az containerapp replica list --name orders-api --resource-group rg-orders-prod -o table",
    ]);
    expect(section).toMatch(/revision mode Multiple/);
    expect(markdown).not.toContain("## Values to read");
  });

  test("a name given by a data source's literal is resolved", () => {
    const json = appStack(
      { name: "orders-api", resource_group_name: "${data.azurerm_resource_group.existing.name}" },
      { data: { azurerm_resource_group: { existing: { name: "rg-shared" } } } },
    );
    expect(readTerraformStack(json).containerApps[0]!.resourceGroupName).toEqual({ kind: "literal", value: "rg-shared" });
  });

  test("Terraform-expression names become placeholders with how to read them, never raw ${...}", () => {
    const json = appStack(
      { name: "${var.app_name}", resource_group_name: "${var.resource_group}" },
      { variable: { app_name: { type: "string" }, resource_group: { type: "string" } }, output: { rg: { value: "${var.resource_group}" } } },
    );
    const model = readTerraformStack(json);
    expect(model.containerApps[0]!.name).toEqual({ kind: "expression", expression: "var.app_name", outputs: [] });
    expect(model.containerApps[0]!.resourceGroupName).toEqual({ kind: "expression", expression: "var.resource_group", outputs: ["rg"] });
    const markdown = renderRunbook(model);
    expect(markdown).not.toContain("${");
    const bySection = sections(markdown);
    const hints = bySection.get("Values to read before running the commands")!;
    const rows = hints.split("\n").filter((line) => line.startsWith("| `<"));
    expect(rows).toHaveLength(2);
    const row = (placeholder: string): string => rows.find((line) => line.startsWith(`| \`${placeholder}\``))!;
    expect(row("<var.resource_group>")).toContain("`cdktf output` shows it as `rg`");
    expect(row("<var.resource_group>")).toContain('`az group list --query "[].name" -o tsv`');
    expect(row("<var.app_name>")).toContain('`az containerapp list --resource-group <var.resource_group> --query "[].name" -o tsv`');
    expect(hints).toMatch(/`cdktf output` or `terraform output`/);
    const section = bySection.get("`<var.app_name>`")!;
    expect(commands(section)[0]).toBe("az containerapp update --name <var.app_name> --resource-group <var.resource_group> --min-replicas 2 --max-replicas 6");
  });

  test("an expression replica count stays a placeholder; a non-object JSON is refused", () => {
    const model = readTerraformStack(appStack({ name: "orders-api", resource_group_name: "rg", template: { min_replicas: "${var.min}", max_replicas: 4 } }));
    expect(model.containerApps[0]!.minReplicas).toEqual({ kind: "expression", expression: "var.min", outputs: [] });
    const markdown = renderRunbook(model);
    expect(commands(sections(markdown).get("orders-api")!)[0]).toBe("az containerapp update --name orders-api --resource-group rg --min-replicas <var.min> --max-replicas 4");
    expect(markdown).not.toContain("${");
    expect(() => readTerraformStack([])).toThrow(/expected the Terraform JSON of a stack/);
  });

  test("an empty stack renders a title and nothing to act on", () => {
    const markdown = renderRunbook(readTerraformStack({ resource: {} }));
    expect([...sections(markdown).keys()]).toEqual([]);
    expect(markdown).toMatch(/^# Runbook\n/);
  });
});
