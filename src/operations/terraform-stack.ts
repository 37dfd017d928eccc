/**
 * Reads the Terraform JSON of a synthesized stack (`cdktf.out/stacks/<stack>/cdk.tf.json`) into a plain model of
 * what an operator acts on: container apps, Azure OpenAI accounts and deployments, Cosmos DB accounts and
 * databases, metric and log alerts, outputs. Framework-free: it reads JSON, it never loads cdktf.
 */

/**
 * A value of the stack: a literal, or a Terraform expression (`${...}`) that only Terraform knows the value of.
 * A reference to another resource's literal attribute in the same stack (e.g. `${azurerm_resource_group.rg.name}`)
 * is resolved to that literal.
 */
export type StackValue<T> =
  | { readonly kind: "literal"; readonly value: T }
  | {
      readonly kind: "expression";
      /** The expression without its `${` `}` wrapper, e.g. `var.resource_group_name`. */
      readonly expression: string;
      /** Ids of the stack's outputs whose value is exactly this expression (`cdktf output` shows them). */
      readonly outputs: readonly string[];
    };

/** One KEDA scale rule of a container app. */
export type ScaleRuleModel =
  | { readonly kind: "http"; readonly name: string; readonly concurrentRequests: StackValue<number> | undefined }
  | { readonly kind: "tcp"; readonly name: string; readonly concurrentRequests: StackValue<number> | undefined }
  | {
      readonly kind: "custom";
      readonly name: string;
      /** The KEDA scaler type, e.g. `cron`, `cpu`, `azure-servicebus`. */
      readonly type: string;
      readonly metadata: Readonly<Record<string, string>>;
    };

/** An `azurerm_container_app`. */
export interface ContainerAppModel {
  /** Terraform logical id (`azurerm_container_app.<logicalId>`). */
  readonly logicalId: string;
  /** The Azure name of the app (also its Application Insights `cloud_RoleName` in this library). */
  readonly name: StackValue<string>;
  readonly resourceGroupName: StackValue<string>;
  /** `Single` or `Multiple` (Terraform's spelling). */
  readonly revisionMode: string;
  readonly minReplicas: StackValue<number> | undefined;
  readonly maxReplicas: StackValue<number> | undefined;
  /** `cooldown_period_in_seconds`: how long after its last activity the app scales to zero (Azure's default 300). */
  readonly cooldownSeconds: StackValue<number> | undefined;
  /** `polling_interval_in_seconds`: how often custom scale rules are read (Azure's default 30). */
  readonly pollingIntervalSeconds: StackValue<number> | undefined;
  /** vCPUs of one replica: the sum over its containers, when every one is a literal. */
  readonly cpu: number | undefined;
  /** GiB of memory of one replica: the sum over its containers (`"2Gi"`, `"0.5Gi"`), when every one is a literal. */
  readonly memoryGi: number | undefined;
  readonly scaleRules: readonly ScaleRuleModel[];
  /** Undefined when the app has no ingress. */
  readonly ingress: { readonly external: boolean; readonly targetPort: number | undefined } | undefined;
}

/** An `azurerm_cognitive_deployment`. */
export interface OpenAIDeploymentModel {
  readonly logicalId: string;
  readonly name: StackValue<string>;
  readonly modelName: StackValue<string>;
  readonly modelVersion: StackValue<string> | undefined;
  readonly modelFormat: string;
  readonly skuName: string;
  /** Capacity in units (1 unit = 1,000 tokens per minute for Standard and GlobalStandard deployments). */
  readonly capacity: StackValue<number> | undefined;
}

/** An `azurerm_cognitive_account` and its deployments. */
export interface OpenAIAccountModel {
  readonly logicalId: string;
  readonly name: StackValue<string>;
  readonly resourceGroupName: StackValue<string>;
  readonly kind: string;
  readonly deployments: readonly OpenAIDeploymentModel[];
}

/** An `azurerm_cosmosdb_sql_database`. */
export interface CosmosDatabaseModel {
  readonly logicalId: string;
  readonly name: StackValue<string>;
  /** Autoscale maximum RU/s, when the database has autoscale throughput. */
  readonly autoscaleMaxThroughput: StackValue<number> | undefined;
  /** Manual RU/s, when the database has manual throughput. */
  readonly throughput: StackValue<number> | undefined;
}

/** An `azurerm_cosmosdb_account` and its SQL databases. */
export interface CosmosAccountModel {
  readonly logicalId: string;
  readonly name: StackValue<string>;
  readonly resourceGroupName: StackValue<string>;
  /** True when the account has the `EnableServerless` capability (no provisioned throughput). */
  readonly serverless: boolean;
  readonly databases: readonly CosmosDatabaseModel[];
}

/** The rows of the monitoring table an alert implements, recognized from its metric or query. */
export type AlertKind = "latency" | "error-rate" | "replica-saturation" | "ingress-5xx" | "openai-throttling" | "other";

/** An `azurerm_monitor_metric_alert` (its first criterion). */
export interface MetricAlertModel {
  readonly logicalId: string;
  readonly kind: AlertKind;
  readonly name: StackValue<string>;
  readonly description: string | undefined;
  readonly metricNamespace: string | undefined;
  readonly metricName: string | undefined;
  readonly aggregation: string | undefined;
  readonly operator: string | undefined;
  readonly threshold: StackValue<number> | undefined;
  /** Dimension filters, name to included values. */
  readonly dimensions: Readonly<Record<string, readonly string[]>>;
  /** Window of the evaluation, ISO 8601 (e.g. `PT5M`). */
  readonly windowSize: string | undefined;
  /** Logical ids of the stack's container apps the alert is scoped to. */
  readonly containerApps: readonly string[];
  /** Logical ids of the stack's cognitive accounts the alert is scoped to. */
  readonly openAIAccounts: readonly string[];
}

/** An `azurerm_monitor_scheduled_query_rules_alert_v2` (its first criterion). */
export interface LogAlertModel {
  readonly logicalId: string;
  readonly kind: AlertKind;
  readonly name: StackValue<string>;
  readonly description: string | undefined;
  readonly query: string;
  readonly measureColumn: string | undefined;
  readonly operator: string | undefined;
  readonly threshold: StackValue<number> | undefined;
  readonly windowDuration: string | undefined;
  /** Logical ids of the stack's container apps whose name the query filters `cloud_RoleName` on. */
  readonly containerApps: readonly string[];
}

/** A Terraform `output`. */
export interface OutputModel {
  readonly id: string;
  readonly description: string | undefined;
  readonly sensitive: boolean;
}

/** What a runbook needs to know about a synthesized stack. */
export interface TerraformStackModel {
  readonly containerApps: readonly ContainerAppModel[];
  readonly openAIAccounts: readonly OpenAIAccountModel[];
  readonly cosmosAccounts: readonly CosmosAccountModel[];
  readonly metricAlerts: readonly MetricAlertModel[];
  readonly logAlerts: readonly LogAlertModel[];
  readonly outputs: readonly OutputModel[];
}

type Json = Record<string, unknown>;

/**
 * The model of the parsed Terraform JSON `json` of one stack. Throws when `json` is not an object; resources it
 * does not know are ignored. Lists are sorted by logical id, so the result does not depend on key order.
 */
export function readTerraformStack(json: unknown): TerraformStackModel {
  if (!isObject(json)) {
    throw new Error(`expected the Terraform JSON of a stack (an object with "resource"), got ${json === null ? "null" : typeof json}`);
  }
  const reader = new StackReader(json);
  return reader.read();
}

const EXPRESSION = /^\$\{(.*)\}$/s;

/** vCPUs and GiB of one replica: the sums over its containers, each undefined unless every container's is a literal. */
function replicaSize(containers: readonly Json[]): { cpu: number | undefined; memoryGi: number | undefined } {
  const cpus = containers.map((c) => c.cpu);
  const memories = containers.map((c) => (typeof c.memory === "string" ? /^(\d+(?:\.\d+)?)Gi$/.exec(c.memory)?.[1] : undefined));
  const sum = (values: readonly unknown[]): number | undefined =>
    values.length > 0 && values.every((v) => typeof v === "number" || (typeof v === "string" && v !== "" && Number.isFinite(Number(v))))
      ? values.reduce<number>((total, v) => total + Number(v), 0)
      : undefined;
  return { cpu: sum(cpus), memoryGi: sum(memories) };
}

const REFERENCE = /^(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)$/;

class StackReader {
  private readonly resources: Json;
  private readonly data: Json;
  private readonly outputValues: ReadonlyArray<readonly [string, unknown]>;

  constructor(private readonly json: Json) {
    this.resources = objectOr(json.resource);
    this.data = objectOr(json.data);
    this.outputValues = Object.entries(objectOr(json.output)).map(([id, output]) => [id, objectOr(output).value] as const);
  }

  read(): TerraformStackModel {
    const containerApps = this.byType("azurerm_container_app").map(([id, props]) => this.containerApp(id, props));
    const metricAlerts = this.byType("azurerm_monitor_metric_alert").map(([id, props]) => this.metricAlert(id, props));
    const logAlerts = this.byType("azurerm_monitor_scheduled_query_rules_alert_v2").map(([id, props]) => this.logAlert(id, props, containerApps));
    return {
      containerApps,
      openAIAccounts: this.openAIAccounts(),
      cosmosAccounts: this.cosmosAccounts(),
      metricAlerts,
      logAlerts,
      outputs: Object.entries(objectOr(this.json.output))
        .map(([id, output]) => {
          const props = objectOr(output);
          return { id, description: stringOr(props.description), sensitive: props.sensitive === true };
        })
        .sort((a, b) => a.id.localeCompare(b.id)),
    };
  }

  private byType(type: string): Array<[string, Json]> {
    return Object.entries(objectOr(this.resources[type]))
      .map(([id, props]): [string, Json] => [id, objectOr(props)])
      .sort(([a], [b]) => a.localeCompare(b));
  }

  private containerApp(logicalId: string, props: Json): ContainerAppModel {
    const template = first(props.template);
    const ingress = isObject(first(props.ingress)) ? first(props.ingress) : undefined;
    const scaleRules: ScaleRuleModel[] = [
      ...list(template.http_scale_rule).map((rule): ScaleRuleModel => ({
        kind: "http",
        name: String(rule.name ?? "http"),
        concurrentRequests: this.number(rule.concurrent_requests),
      })),
      ...list(template.tcp_scale_rule).map((rule): ScaleRuleModel => ({
        kind: "tcp",
        name: String(rule.name ?? "tcp"),
        concurrentRequests: this.number(rule.concurrent_requests),
      })),
      ...list(template.custom_scale_rule).map((rule): ScaleRuleModel => ({
        kind: "custom",
        name: String(rule.name ?? "custom"),
        type: String(rule.custom_rule_type ?? "custom"),
        metadata: Object.fromEntries(Object.entries(objectOr(rule.metadata)).map(([key, value]) => [key, String(value)])),
      })),
    ];
    return {
      logicalId,
      name: this.string(props.name, logicalId),
      resourceGroupName: this.string(props.resource_group_name, logicalId),
      revisionMode: String(props.revision_mode ?? "Single"),
      minReplicas: this.number(template.min_replicas),
      maxReplicas: this.number(template.max_replicas),
      cooldownSeconds: this.number(template.cooldown_period_in_seconds),
      pollingIntervalSeconds: this.number(template.polling_interval_in_seconds),
      ...replicaSize(list(template.container)),
      scaleRules,
      ingress: ingress && {
        external: ingress.external_enabled === true,
        targetPort: typeof ingress.target_port === "number" ? ingress.target_port : undefined,
      },
    };
  }

  private openAIAccounts(): OpenAIAccountModel[] {
    const deployments = this.byType("azurerm_cognitive_deployment");
    return this.byType("azurerm_cognitive_account").map(([logicalId, props]) => ({
      logicalId,
      name: this.string(props.name, logicalId),
      resourceGroupName: this.string(props.resource_group_name, logicalId),
      kind: String(props.kind ?? "OpenAI"),
      deployments: deployments
        .filter(([, deployment]) => referencedId(deployment.cognitive_account_id, "azurerm_cognitive_account", "id") === logicalId)
        .map(([id, deployment]): OpenAIDeploymentModel => {
          const model = first(deployment.model);
          const sku = first(deployment.sku);
          return {
            logicalId: id,
            name: this.string(deployment.name, id),
            modelName: this.string(model.name, id),
            modelVersion: model.version === undefined ? undefined : this.string(model.version, id),
            modelFormat: String(model.format ?? "OpenAI"),
            skuName: String(sku.name ?? "Standard"),
            capacity: this.number(sku.capacity),
          };
        }),
    }));
  }

  private cosmosAccounts(): CosmosAccountModel[] {
    const databases = this.byType("azurerm_cosmosdb_sql_database");
    return this.byType("azurerm_cosmosdb_account").map(([logicalId, props]) => {
      const name = this.string(props.name, logicalId);
      const capabilities = list(props.capabilities).map((capability) => capability.name);
      return {
        logicalId,
        name,
        resourceGroupName: this.string(props.resource_group_name, logicalId),
        serverless: capabilities.includes("EnableServerless"),
        databases: databases
          .filter(([, database]) => {
            const account = referencedId(database.account_name, "azurerm_cosmosdb_account", "name");
            return account === logicalId || (name.kind === "literal" && database.account_name === name.value);
          })
          .map(([id, database]): CosmosDatabaseModel => {
            const autoscale = first(database.autoscale_settings);
            return {
              logicalId: id,
              name: this.string(database.name, id),
              autoscaleMaxThroughput: this.number(autoscale.max_throughput),
              throughput: this.number(database.throughput),
            };
          }),
      };
    });
  }

  private metricAlert(logicalId: string, props: Json): MetricAlertModel {
    const criterion = first(props.criteria);
    const dimensions = Object.fromEntries(
      list(criterion.dimension)
        .filter((dimension) => dimension.operator === undefined || dimension.operator === "Include")
        .map((dimension) => [String(dimension.name), Array.isArray(dimension.values) ? dimension.values.map(String) : []]),
    );
    const metricName = stringOr(criterion.metric_name);
    const scopes = Array.isArray(props.scopes) ? props.scopes : [];
    return {
      logicalId,
      kind: metricAlertKind(metricName, dimensions),
      name: this.string(props.name, logicalId),
      description: stringOr(props.description),
      metricNamespace: stringOr(criterion.metric_namespace),
      metricName,
      aggregation: stringOr(criterion.aggregation),
      operator: stringOr(criterion.operator),
      threshold: this.number(criterion.threshold),
      dimensions,
      windowSize: stringOr(props.window_size),
      containerApps: scopes.map((scope) => referencedId(scope, "azurerm_container_app", "id")).filter(isString),
      openAIAccounts: scopes.map((scope) => referencedId(scope, "azurerm_cognitive_account", "id")).filter(isString),
    };
  }

  private logAlert(logicalId: string, props: Json, apps: readonly ContainerAppModel[]): LogAlertModel {
    const criterion = first(props.criteria);
    const query = String(criterion.query ?? "");
    const measureColumn = stringOr(criterion.metric_measure_column);
    const roleNames = [...query.matchAll(/cloud_RoleName\s*==\s*"((?:[^"\\]|\\.)*)"/g)].map((match) => match[1]!.replace(/\\(.)/g, "$1"));
    return {
      logicalId,
      kind: logAlertKind(query, measureColumn),
      name: this.string(props.name, logicalId),
      description: stringOr(props.description),
      query,
      measureColumn,
      operator: stringOr(criterion.operator),
      threshold: this.number(criterion.threshold),
      windowDuration: stringOr(props.window_duration),
      containerApps: apps.filter((app) => app.name.kind === "literal" && roleNames.includes(app.name.value)).map((app) => app.logicalId),
    };
  }

  /** `value` as a string: a literal, a resolved reference, or an expression. */
  private string(value: unknown, owner: string, depth = 0): StackValue<string> {
    if (typeof value === "string") {
      const expression = EXPRESSION.exec(value)?.[1];
      if (expression === undefined) {
        // a literal with an embedded interpolation ("prefix-${var.x}") is still an expression
        return value.includes("${") ? this.expression(value) : { kind: "literal", value };
      }
      const resolved = depth < 8 ? this.resolve(expression) : undefined;
      return resolved === undefined ? this.expression(value) : this.string(resolved, owner, depth + 1);
    }
    if (typeof value === "number" || typeof value === "boolean") return { kind: "literal", value: String(value) };
    return { kind: "expression", expression: `(not set in ${owner})`, outputs: [] };
  }

  /** `value` as a number: a literal (numbers and numeric strings), a resolved reference, or an expression. */
  private number(value: unknown, depth = 0): StackValue<number> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === "number") return { kind: "literal", value };
    if (typeof value === "string") {
      if (value.trim() !== "" && Number.isFinite(Number(value))) return { kind: "literal", value: Number(value) };
      const expression = EXPRESSION.exec(value)?.[1];
      const resolved = expression !== undefined && depth < 8 ? this.resolve(expression) : undefined;
      return resolved === undefined ? this.expression(value) : this.number(resolved, depth + 1);
    }
    return undefined;
  }

  private expression(value: string): StackValue<never> {
    const expression = EXPRESSION.exec(value)?.[1] ?? value;
    return {
      kind: "expression",
      expression,
      outputs: this.outputValues.filter(([, output]) => output === value).map(([id]) => id),
    };
  }

  /** The attribute `type.id.attribute` (or `data.type.id.attribute`) as written in the stack, when it is there. */
  private resolve(expression: string): unknown {
    const match = REFERENCE.exec(expression.trim());
    if (!match) return undefined;
    const [, data, type, id, attribute] = match;
    const block = objectOr(objectOr((data ? this.data : this.resources)[type!])[id!]);
    return block[attribute!];
  }
}

function metricAlertKind(metricName: string | undefined, dimensions: Readonly<Record<string, readonly string[]>>): AlertKind {
  switch (metricName) {
    case "Replicas":
      return "replica-saturation";
    case "ResponseTime":
      return "latency";
    case "Requests":
      return (dimensions.statusCodeCategory ?? []).includes("5xx") || (dimensions.statusCode ?? []).some((code) => code.startsWith("5"))
        ? "ingress-5xx"
        : "other";
    case "AzureOpenAIRequests":
      return (dimensions.StatusCode ?? []).includes("429") ? "openai-throttling" : "other";
    default:
      return "other";
  }
}

function logAlertKind(query: string, measureColumn: string | undefined): AlertKind {
  if (/^DurationP/.test(measureColumn ?? "") || /percentile\(\s*duration/.test(query)) return "latency";
  if (measureColumn === "FailedPercent" || /countif\(\s*success\s*==\s*false\s*\)/.test(query)) return "error-rate";
  return "other";
}

/** The logical id in `${type.<id>.attribute}`, when `value` is exactly that reference. */
function referencedId(value: unknown, type: string, attribute: string): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = REFERENCE.exec(EXPRESSION.exec(value)?.[1] ?? "");
  return match && !match[1] && match[2] === type && match[4] === attribute ? match[3] : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function objectOr(value: unknown): Json {
  return isObject(value) ? value : {};
}

/** A block that cdktf writes as an object or as a one-element list. */
function first(value: unknown): Json {
  return Array.isArray(value) ? objectOr(value[0]) : objectOr(value);
}

/** A repeated block, written as a list or (once) as an object. */
function list(value: unknown): Json[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

function stringOr(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function isString(value: string | undefined): value is string {
  return value !== undefined;
}
