/**
 * The operations runbook of a synthesized stack, as Markdown: per container app its real name and resource group,
 * what each alert means, the first queries to run and the `az` commands to act; Azure OpenAI capacity, Cosmos DB
 * throughput, and an emergency scale-out / scale-back procedure. Framework-free: it renders a
 * {@link TerraformStackModel} read from the stack's `cdk.tf.json`.
 */
import { kqlString } from "../monitoring/kql";
import { formatNumber } from "../core/format";
import {
  type AlertKind,
  type ContainerAppModel,
  type CosmosAccountModel,
  type LogAlertModel,
  type MetricAlertModel,
  type OpenAIAccountModel,
  type ScaleRuleModel,
  type StackValue,
  type TerraformStackModel,
} from "./terraform-stack";

/** Application Insights query: the app's requests, failures and P95 duration per minute over the last 30 minutes. */
export function requestsOverviewQuery(cloudRoleName: string): string {
  return [
    "requests",
    "| where timestamp > ago(30m)",
    `| where cloud_RoleName == ${kqlString(cloudRoleName)}`,
    "| summarize Requests = count(), Failed = countif(success == false), DurationP95 = percentile(duration, 95) by bin(timestamp, 1m)",
    "| order by timestamp desc",
  ].join("\n");
}

/** Application Insights query: the app's failing operations and result codes over the last 30 minutes. */
export function failedRequestsQuery(cloudRoleName: string): string {
  return [
    "requests",
    "| where timestamp > ago(30m)",
    `| where cloud_RoleName == ${kqlString(cloudRoleName)}`,
    "| where success == false",
    "| summarize Failed = count() by name, resultCode",
    "| top 20 by Failed",
  ].join("\n");
}

/** Log Analytics query: the Container Apps system log of the app (scaling, probes, restarts) over the last hour. */
export function systemLogsQuery(containerAppName: string): string {
  return [
    "ContainerAppSystemLogs_CL",
    `| where ContainerAppName_s == ${kqlString(containerAppName)}`,
    "| where TimeGenerated > ago(1h)",
    "| project TimeGenerated, RevisionName_s, ReplicaName_s, Reason_s, Log_s",
    "| order by TimeGenerated desc",
  ].join("\n");
}

/** Application Insights query: the apps with the most requests over the last 15 minutes (the busiest agents). */
export function busiestAppsQuery(): string {
  return ["requests", "| where timestamp > ago(15m)", "| summarize Requests = count() by cloud_RoleName", "| top 10 by Requests"].join("\n");
}

/** What an alert of the monitoring table means and what to look at first. */
const ALERT_MEANINGS: Readonly<Record<AlertKind, { readonly title: string; readonly meaning: string }>> = {
  latency: {
    title: "P95 latency",
    meaning:
      "The 95th percentile of the app's request duration is above the threshold (30 s by default): customers wait. Agents mostly wait " +
      "on Azure OpenAI (check the 429 alert) or on another agent; check whether the app runs at its maximum replicas.",
  },
  "error-rate": {
    title: "Error rate",
    meaning:
      "More than the threshold (1% by default) of the app's requests failed. Find the failing operations and result codes, then the " +
      "system log for crashes and restarts; if it started with a new revision, roll back.",
  },
  "replica-saturation": {
    title: "Replica saturation",
    meaning:
      "The app runs more than 80% of its maximum replicas: it is close to its scale ceiling and the next burst queues. Raise the " +
      "maximum now (emergency scale-out below), then raise `maxReplicas` in the stack.",
  },
  "ingress-5xx": {
    title: "Ingress 5xx",
    meaning:
      "The app's ingress answered requests with a 5xx status: the app fails, times out, or has no ready replica (cold start from zero, " +
      "failing probes, crash loop). Check the system log and the revisions.",
  },
  "openai-throttling": {
    title: "Azure OpenAI 429s",
    meaning:
      "An Azure OpenAI deployment answers 429 (more than 10 per minute by default): its tokens-per-minute or requests-per-minute " +
      "capacity is used up. Raise the deployment's capacity (TPM) within the subscription's quota, or add a deployment in another region.",
  },
  other: { title: "Other alert", meaning: "An alert of the stack outside the monitoring table; read its description." },
};

const ALERT_ORDER: readonly AlertKind[] = ["latency", "error-rate", "replica-saturation", "ingress-5xx", "openai-throttling", "other"];

/** A value to read from Terraform or Azure before running a command, and how to read it. */
interface Unknown {
  readonly placeholder: string;
  readonly expression: string;
  readonly howToRead: string;
}

/**
 * Renders the runbook of `model` as Markdown. Names and resource groups that are Terraform expressions appear as
 * `<placeholders>`, listed with how to read their values (`cdktf output`, `az ... list`); raw `${...}` never appear.
 */
export function renderRunbook(model: TerraformStackModel): string {
  return new RunbookWriter(model).render();
}

class RunbookWriter {
  private readonly unknowns = new Map<string, Unknown>();

  constructor(private readonly model: TerraformStackModel) {}

  render(): string {
    // render the sections first: they register the placeholders listed at the top
    const body = [
      this.alertsSection(),
      ...this.model.containerApps.map((app) => this.appSection(app)),
      ...this.model.openAIAccounts.map((account) => this.openAISection(account)),
      ...this.model.cosmosAccounts.map((account) => this.cosmosSection(account)),
      this.emergencySection(),
      this.outputsSection(),
    ].filter((section) => section !== "");
    const intro = [
      "# Runbook",
      "",
      "Generated by `cdktf-azure-agent-platform runbook` from the stack's Terraform JSON (`cdk.tf.json`). Values are the " +
        "declared ones, which `cdktf deploy` applies; a manual change with `az` lasts until the next deploy.",
      "",
      `Container apps: ${this.model.containerApps.map((app) => code(this.appName(app))).join(", ") || "none"}.`,
    ].join("\n");
    return [intro, this.unknownsSection(), ...body].filter((section) => section !== "").join("\n\n") + "\n";
  }

  private unknownsSection(): string {
    if (this.unknowns.size === 0) return "";
    const rows = [...this.unknowns.values()].map((unknown) => `| ${code(unknown.placeholder)} | ${code(unknown.expression)} | ${unknown.howToRead} |`);
    return [
      "## Values to read before running the commands",
      "",
      "Some names are computed by Terraform, so the stack's JSON does not hold them. Replace each placeholder below by its " +
        "deployed value (`cdktf output` or `terraform output` in the stack's directory prints the stack's outputs).",
      "",
      "| Placeholder | Terraform expression | How to read it |",
      "| --- | --- | --- |",
      ...rows,
    ].join("\n");
  }

  private alertsSection(): string {
    const alerts = [...this.model.metricAlerts, ...this.model.logAlerts];
    if (alerts.length === 0) return "";
    const kinds = ALERT_ORDER.filter((kind) => alerts.some((alert) => alert.kind === kind));
    return [
      "## Alerts",
      "",
      "| Alert | What it means and what to look at first |",
      "| --- | --- |",
      ...kinds.map((kind) => `| ${ALERT_MEANINGS[kind].title} | ${ALERT_MEANINGS[kind].meaning} |`),
      "",
      "Each app's section lists its alerts with their names and thresholds, the first queries to run and the commands to act.",
    ].join("\n");
  }

  private appSection(app: ContainerAppModel): string {
    const name = this.appName(app);
    const rg = this.resourceGroup(app.resourceGroupName, `resource group of ${app.logicalId}`);
    const alerts = [
      ...this.model.metricAlerts.filter((alert) => alert.containerApps.includes(app.logicalId)),
      ...this.model.logAlerts.filter((alert) => alert.containerApps.includes(app.logicalId)),
    ].sort((a, b) => ALERT_ORDER.indexOf(a.kind) - ALERT_ORDER.indexOf(b.kind));
    const min = this.numberText(app.minReplicas, `min replicas of ${app.logicalId}`, "0");
    const max = this.numberText(app.maxReplicas, `max replicas of ${app.logicalId}`, "10");
    const target = `--name ${name} --resource-group ${rg}`;
    const lines = [
      `## ${app.name.kind === "literal" ? app.name.value : code(name)}`,
      "",
      `- Resource group: ${code(rg)}`,
      `- Terraform resource: ${code(`azurerm_container_app.${app.logicalId}`)}`,
      `- Replicas (declared): min ${min}, max ${max}`,
      `- Scale rules: ${app.scaleRules.map((rule) => this.scaleRuleText(rule)).join("; ") || "none (fixed replica count)"}`,
      `- Ingress: ${app.ingress ? `${app.ingress.external ? "external" : "internal"}${app.ingress.targetPort === undefined ? "" : `, target port ${app.ingress.targetPort}`}` : "none"}`,
      `- Revision mode: ${app.revisionMode}`,
      "",
      "### Alerts",
      "",
      ...(alerts.length === 0 ? ["No alert of the stack is scoped to this app."] : alerts.map((alert) => `- ${this.alertLine(alert)}`)),
      "",
      "### First queries",
      "",
      "In the Logs of Application Insights (the role name is the app's name):",
      "",
      fence("kusto", requestsOverviewQuery(name)),
      "",
      fence("kusto", failedRequestsQuery(name)),
      "",
      "In the Log Analytics workspace of the Container Apps environment (scaling events, probe failures, restarts):",
      "",
      fence("kusto", systemLogsQuery(name)),
      "",
      "### Commands",
      "",
      "Change the replica range (lasts until the next `cdktf deploy`):",
      "",
      fence("sh", `az containerapp update ${target} --min-replicas ${min} --max-replicas ${max}`),
      "",
      "List the revisions (the active one, and the previous one to roll back to):",
      "",
      fence("sh", `az containerapp revision list ${target} -o table`),
      "",
      ...this.rollBack(app, target),
      "",
      "Restart a revision (its replicas are replaced):",
      "",
      fence("sh", `az containerapp revision restart ${target} --revision <revision>`),
      "",
      "Watch the replicas:",
      "",
      fence("sh", `az containerapp replica list ${target} -o table`),
    ];
    return lines.join("\n");
  }

  private rollBack(app: ContainerAppModel, target: string): string[] {
    const shift = `az containerapp ingress traffic set ${target} --revision-weight <previous-revision>=100`;
    const activate = `az containerapp revision activate ${target} --revision <previous-revision>`;
    if (app.revisionMode.toLowerCase() === "multiple") {
      return [
        "Roll back: send all the traffic to the previous revision (the app runs in revision mode Multiple):",
        "",
        fence("sh", shift),
      ];
    }
    return [
      "Roll back: the app runs in revision mode Single, where one revision takes all the traffic, so traffic splitting " +
        "(`az containerapp ingress traffic set`) does not apply; activate the previous revision instead:",
      "",
      fence("sh", activate),
      "",
      "Traffic splitting needs revision mode Multiple (`revisionMode` of the app in the stack); in that mode the roll-back is:",
      "",
      fence("sh", shift),
    ];
  }

  private alertLine(alert: MetricAlertModel | LogAlertModel): string {
    const name = this.plain(alert.name, `name of alert ${alert.logicalId}`);
    const description = alert.description ? `: ${alert.description}` : "";
    return `${ALERT_MEANINGS[alert.kind].title} ${code(name)} (${this.condition(alert)})${description}`;
  }

  private condition(alert: MetricAlertModel | LogAlertModel): string {
    const threshold = this.numberText(alert.threshold, `threshold of alert ${alert.logicalId}`, "threshold");
    const operator = OPERATORS[alert.operator ?? ""] ?? alert.operator ?? ">";
    if ("query" in alert) {
      const what = alert.kind === "latency" ? "P95 duration (ms)" : alert.kind === "error-rate" ? "failed requests (%)" : (alert.measureColumn ?? "result");
      return `${what} ${operator} ${threshold} over ${duration(alert.windowDuration)}`;
    }
    const filter = Object.entries(alert.dimensions)
      .filter(([, values]) => !values.includes("*"))
      .map(([dimension, values]) => `${dimension} ${values.join("/")}`)
      .join(", ");
    const metric = `${alert.aggregation ?? ""} ${alert.metricName ?? "metric"}`.trim();
    return `${metric}${filter ? ` (${filter})` : ""} ${operator} ${threshold} over ${duration(alert.windowSize)}`;
  }

  private openAISection(account: OpenAIAccountModel): string {
    const name = this.plain(account.name, `name of azurerm_cognitive_account.${account.logicalId}`, account.resourceGroupName, "cognitive");
    const rg = this.resourceGroup(account.resourceGroupName, `resource group of ${account.logicalId}`);
    const lines = [
      `## Azure OpenAI ${code(name)}`,
      "",
      `- Resource group: ${code(rg)}`,
      `- Terraform resource: ${code(`azurerm_cognitive_account.${account.logicalId}`)}`,
      "",
    ];
    for (const deployment of account.deployments) {
      const deploymentName = this.plain(deployment.name, `name of azurerm_cognitive_deployment.${deployment.logicalId}`);
      const model = this.plain(deployment.modelName, `model of ${deployment.logicalId}`);
      const version = deployment.modelVersion ? this.plain(deployment.modelVersion, `model version of ${deployment.logicalId}`) : "<model-version>";
      const capacity = deployment.capacity?.kind === "literal" ? deployment.capacity.value : undefined;
      const raised = capacity === undefined ? "<units>" : String(Math.ceil(capacity * 1.5));
      const target = `--name ${name} --resource-group ${rg}`;
      lines.push(
        `### Deployment ${code(deploymentName)}`,
        "",
        `- Model: ${code(model)} version ${code(version)} (format ${deployment.modelFormat}), SKU ${code(deployment.skuName)}`,
        `- Capacity (declared): ${capacity === undefined ? code(this.numberText(deployment.capacity, `capacity of ${deployment.logicalId}`, "units")) : `${formatNumber(capacity)} units = ${formatNumber(capacity * 1000)} tokens per minute`}`,
        "",
        "Read the deployed model version and capacity (Azure may have upgraded the version since the deploy: pass the deployed version to the command below):",
        "",
        fence("sh", `az cognitiveservices account deployment show ${target} --deployment-name ${deploymentName}`),
        "",
        `Raise the tokens per minute (the example raises the capacity by half, to ${raised} units; the subscription's quota for the ` +
          `model and region caps it). Then declare the same capacity in the stack, or the next \`cdktf deploy\` sets it back:`,
        "",
        fence(
          "sh",
          `az cognitiveservices account deployment create ${target} --deployment-name ${deploymentName} --model-name ${model} ` +
            `--model-version ${version} --model-format ${deployment.modelFormat} --sku-capacity ${raised} --sku-name ${deployment.skuName}`,
        ),
        "",
      );
    }
    if (account.deployments.length === 0) lines.push("The stack declares no deployment on this account.", "");
    return lines.join("\n").trimEnd();
  }

  private cosmosSection(account: CosmosAccountModel): string {
    const name = this.plain(account.name, `name of azurerm_cosmosdb_account.${account.logicalId}`, account.resourceGroupName, "cosmosdb");
    const rg = this.resourceGroup(account.resourceGroupName, `resource group of ${account.logicalId}`);
    const lines = [
      `## Cosmos DB ${code(name)}`,
      "",
      `- Resource group: ${code(rg)}`,
      `- Terraform resource: ${code(`azurerm_cosmosdb_account.${account.logicalId}`)}`,
      "",
    ];
    if (account.serverless) {
      lines.push("The account is serverless: it has no provisioned throughput to raise (429s mean the serverless limits are reached).");
      return lines.join("\n");
    }
    for (const database of account.databases) {
      const databaseName = this.plain(database.name, `name of azurerm_cosmosdb_sql_database.${database.logicalId}`);
      const target = `--account-name ${name} --name ${databaseName} --resource-group ${rg}`;
      lines.push(`### Database ${code(databaseName)}`, "");
      if (database.autoscaleMaxThroughput) {
        const max = this.numberText(database.autoscaleMaxThroughput, `max throughput of ${database.logicalId}`, "RU/s");
        const raised = database.autoscaleMaxThroughput.kind === "literal" ? String(database.autoscaleMaxThroughput.value * 2) : "<RU/s>";
        lines.push(
          `- Throughput (declared): autoscale up to ${database.autoscaleMaxThroughput.kind === "literal" ? formatNumber(database.autoscaleMaxThroughput.value) : max} RU/s`,
          "",
          "Raise the autoscale maximum (a multiple of 1,000 RU/s; the example doubles it), then declare it in the stack:",
          "",
          fence("sh", `az cosmosdb sql database throughput update ${target} --max-throughput ${raised}`),
          "",
        );
      } else if (database.throughput) {
        const throughput = this.numberText(database.throughput, `throughput of ${database.logicalId}`, "RU/s");
        lines.push(
          `- Throughput (declared): manual ${throughput} RU/s`,
          "",
          fence("sh", `az cosmosdb sql database throughput update ${target} --throughput <RU/s>`),
          "",
        );
      } else {
        lines.push("- Throughput: none at the database level (set on its containers)", "");
      }
    }
    return lines.join("\n").trimEnd();
  }

  private emergencySection(): string {
    const apps = this.model.containerApps;
    if (apps.length === 0) return "";
    const gateways = apps.filter((app) => app.ingress?.external === true || /gateway/i.test(`${app.logicalId} ${this.appName(app)}`));
    const others = apps.filter((app) => !gateways.includes(app));
    const command = (app: ContainerAppModel, min: string, max: string): string =>
      `az containerapp update --name ${this.appName(app)} --resource-group ${this.resourceGroup(app.resourceGroupName, `resource group of ${app.logicalId}`)} --min-replicas ${min} --max-replicas ${max}`;
    const scaleOut = (app: ContainerAppModel): string => {
      const { min, max } = this.declared(app);
      if (min === undefined || max === undefined) return command(app, "<min>", "<max>");
      return command(app, String(Math.max(min, Math.ceil(max / 2))), String(max * 2));
    };
    const restore = (app: ContainerAppModel): string =>
      command(app, this.numberText(app.minReplicas, `min replicas of ${app.logicalId}`, "0"), this.numberText(app.maxReplicas, `max replicas of ${app.logicalId}`, "10"));
    return [
      "## Emergency scale-out and scale-back",
      "",
      "When the platform saturates (replica saturation on several apps, P95 latency rising everywhere):",
      "",
      "1. Find the busiest agents (Application Insights Logs):",
      "",
      indent(fence("kusto", busiestAppsQuery())),
      "",
      "2. Scale out the gateway and the busiest agents: the commands below keep half of the maximum warm and double the maximum. " +
        "Check first that Azure OpenAI has headroom (its 429 alert): more replicas do not help when the model throttles.",
      "",
      indent(fence("sh", gateways.map(scaleOut).join("\n"))),
      ...(others.length === 0 ? [] : ["", "   Agents (run only the busiest ones):", "", indent(fence("sh", others.map(scaleOut).join("\n")))]),
      "",
      "3. Watch the replicas and the alerts (`az containerapp replica list --name <app> --resource-group <rg> -o table`, and the first " +
        "queries of each app) until the latency and the error rate are back under their thresholds.",
      "",
      "4. Scale back to the values declared in the stack:",
      "",
      indent(fence("sh", apps.map(restore).join("\n"))),
      "",
      "5. Return to the declared state with `cdktf deploy` (or raise the values in the stack first if the load is the new normal). " +
        "Terraform resets every manual change of these settings on the next deploy: a scale-out done with `az` is temporary.",
    ].join("\n");
  }

  private outputsSection(): string {
    if (this.model.outputs.length === 0) return "";
    return [
      "## Outputs",
      "",
      "`cdktf output` (or `terraform output` in `cdktf.out/stacks/<stack>`) prints them after a deploy:",
      "",
      ...this.model.outputs.map((output) => `- ${code(output.id)}${output.description ? `: ${output.description}` : ""}${output.sensitive ? " (sensitive)" : ""}`),
    ].join("\n");
  }

  private declared(app: ContainerAppModel): { min: number | undefined; max: number | undefined } {
    return {
      min: app.minReplicas?.kind === "literal" ? app.minReplicas.value : app.minReplicas === undefined ? 0 : undefined,
      max: app.maxReplicas?.kind === "literal" ? app.maxReplicas.value : app.maxReplicas === undefined ? 10 : undefined,
    };
  }

  private scaleRuleText(rule: ScaleRuleModel): string {
    switch (rule.kind) {
      case "http":
        return `${rule.name}: HTTP, ${this.numberText(rule.concurrentRequests, `${rule.name} concurrency`, "?")} concurrent requests per replica`;
      case "tcp":
        return `${rule.name}: TCP, ${this.numberText(rule.concurrentRequests, `${rule.name} concurrency`, "?")} concurrent connections per replica`;
      case "custom": {
        const metadata = Object.entries(rule.metadata)
          .map(([key, value]) => `${key}=${value.includes("${") ? "(Terraform expression)" : value}`)
          .join(", ");
        return `${rule.name}: ${rule.type}${metadata ? ` (${metadata})` : ""}`;
      }
    }
  }

  private appName(app: ContainerAppModel): string {
    return this.plain(app.name, `name of azurerm_container_app.${app.logicalId}`, app.resourceGroupName, "containerapp");
  }

  private resourceGroup(value: StackValue<string>, what: string): string {
    return this.text(value, what, (unknown) => ways(unknown, `list the resource groups: \`az group list --query "[].name" -o tsv\``));
  }

  /** A name: its literal, or a placeholder listed with how to read it (by listing the resources of its group). */
  private plain(value: StackValue<string>, what: string, group?: StackValue<string>, listCommand?: "containerapp" | "cognitive" | "cosmosdb"): string {
    return this.text(value, what, (unknown) => {
      if (!group || !listCommand) return ways(unknown, "read it in the Azure portal");
      const rg = this.resourceGroup(group, what.replace(/^name of /, "resource group of "));
      const command = { containerapp: "az containerapp list", cognitive: "az cognitiveservices account list", cosmosdb: "az cosmosdb list" }[listCommand];
      return ways(unknown, `list them: \`${command} --resource-group ${rg} --query "[].name" -o tsv\``);
    });
  }

  private numberText(value: StackValue<number> | undefined, what: string, fallback: string): string {
    if (value === undefined) return fallback;
    if (value.kind === "literal") return String(value.value);
    return this.text(value, what, (unknown) => ways(unknown, "read the value given to Terraform at deploy time"));
  }

  private text<T>(value: StackValue<T>, what: string, howToRead: (unknown: StackValue<T> & { kind: "expression" }) => string): string {
    if (value.kind === "literal") return String(value.value);
    const placeholder = placeholderFor(value.expression, what);
    if (!this.unknowns.has(placeholder)) {
      this.unknowns.set(placeholder, { placeholder, expression: value.expression, howToRead: `${what}: ${howToRead(value)}` });
    }
    return placeholder;
  }
}

const OPERATORS: Readonly<Record<string, string>> = {
  GreaterThan: ">",
  GreaterThanOrEqual: ">=",
  LessThan: "<",
  LessThanOrEqual: "<=",
  Equals: "=",
};

/** `<var.name>` for a short reference, else a placeholder named after what the value is. */
function placeholderFor(expression: string, what: string): string {
  return /^[A-Za-z0-9_.\-[\]]+$/.test(expression) ? `<${expression}>` : `<${what.replace(/[^A-Za-z0-9]+/g, "-")}>`;
}

/** How to read an unknown value: from the outputs that hold it, when there are some, or else `fallback`. */
function ways(unknown: { readonly outputs: readonly string[] }, fallback: string): string {
  return unknown.outputs.length === 0 ? fallback : `\`cdktf output\` shows it as ${unknown.outputs.map(code).join(", ")}; or ${fallback}`;
}

/** `PT5M` as `5 min`. */
function duration(iso: string | undefined): string {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(iso ?? "");
  if (!match) return iso ?? "the alert's window";
  const minutes = Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
  return `${minutes} min`;
}

/** `text` as inline code, with a fence long enough for the backticks it holds. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = "`".repeat(longest + 1);
  return longest === 0 ? `${ticks}${text}${ticks}` : `${ticks} ${text} ${ticks}`;
}

function fence(language: string, body: string): string {
  return ["```" + language, body, "```"].join("\n");
}

/** A block nested under a numbered list item. */
function indent(block: string): string {
  return block
    .split("\n")
    .map((line) => `   ${line}`)
    .join("\n");
}
