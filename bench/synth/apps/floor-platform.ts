/**
 * The floor of `npm run bench:synth`: the default RetailCustomerServicePlatform written by hand against the
 * provider's resource classes, with no library code. It was derived from the platform's synthesized
 * cdk.tf.json resource by resource and creates the same 90 resources (same types, construct paths, logical
 * ids, names and attributes); run.ts checks the resource counts per type against scenario (1) on every run.
 *
 * The resource classes are passed in, so that deep-app.ts (deep imports) and barrel-app.ts (the barrel)
 * run exactly this code and differ only in how the provider is loaded. The imports below are type-only.
 */
import { createHash } from "node:crypto";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { outdir, platformCount, platformId, report } from "./report";
import type * as applicationInsights from "@cdktf/provider-azurerm/lib/application-insights";
import type * as cognitiveAccount from "@cdktf/provider-azurerm/lib/cognitive-account";
import type * as cognitiveDeployment from "@cdktf/provider-azurerm/lib/cognitive-deployment";
import type * as containerApp from "@cdktf/provider-azurerm/lib/container-app";
import type * as containerAppEnvironment from "@cdktf/provider-azurerm/lib/container-app-environment";
import type * as containerRegistry from "@cdktf/provider-azurerm/lib/container-registry";
import type * as cosmosdbAccount from "@cdktf/provider-azurerm/lib/cosmosdb-account";
import type * as cosmosdbSqlContainer from "@cdktf/provider-azurerm/lib/cosmosdb-sql-container";
import type * as cosmosdbSqlDatabase from "@cdktf/provider-azurerm/lib/cosmosdb-sql-database";
import type * as cosmosdbSqlRoleAssignment from "@cdktf/provider-azurerm/lib/cosmosdb-sql-role-assignment";
import type * as logAnalyticsWorkspace from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import type * as monitorActionGroup from "@cdktf/provider-azurerm/lib/monitor-action-group";
import type * as monitorMetricAlert from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import type * as monitorScheduledQueryRulesAlertV2 from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import type * as provider from "@cdktf/provider-azurerm/lib/provider";
import type * as resourceGroup from "@cdktf/provider-azurerm/lib/resource-group";
import type * as roleAssignment from "@cdktf/provider-azurerm/lib/role-assignment";
import type * as userAssignedIdentity from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import type { ContainerAppTemplateContainerEnv, ContainerAppTemplateCustomScaleRule } from "@cdktf/provider-azurerm/lib/container-app";

/** The provider modules the floor uses, under the names the provider's barrel exports them by. */
export interface ProviderModules {
  readonly applicationInsights: typeof applicationInsights;
  readonly cognitiveAccount: typeof cognitiveAccount;
  readonly cognitiveDeployment: typeof cognitiveDeployment;
  readonly containerApp: typeof containerApp;
  readonly containerAppEnvironment: typeof containerAppEnvironment;
  readonly containerRegistry: typeof containerRegistry;
  readonly cosmosdbAccount: typeof cosmosdbAccount;
  readonly cosmosdbSqlContainer: typeof cosmosdbSqlContainer;
  readonly cosmosdbSqlDatabase: typeof cosmosdbSqlDatabase;
  readonly cosmosdbSqlRoleAssignment: typeof cosmosdbSqlRoleAssignment;
  readonly logAnalyticsWorkspace: typeof logAnalyticsWorkspace;
  readonly monitorActionGroup: typeof monitorActionGroup;
  readonly monitorMetricAlert: typeof monitorMetricAlert;
  readonly monitorScheduledQueryRulesAlertV2: typeof monitorScheduledQueryRulesAlertV2;
  readonly provider: typeof provider;
  readonly resourceGroup: typeof resourceGroup;
  readonly roleAssignment: typeof roleAssignment;
  readonly userAssignedIdentity: typeof userAssignedIdentity;
}

const LOCATION = "eastus2";
const PREFIX = "agntcy-cs";
const TAG = "v1.1.2";

/** 8 hex characters of the SHA-256 of a construct path: the unique suffix of every Azure name. */
const hash = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 8);
/** `<parts>-<hash>`, lower case; `separator` "" for names that allow only letters and digits. */
const azureName = (parts: readonly string[], uniqueFrom: string, separator = "-"): string =>
  `${parts.join(separator).toLowerCase().replace(/[^a-z0-9-]/g, separator)}${separator}${hash(uniqueFrom)}`;

interface AppSpec {
  /** Construct id of the app, and its readable name part. */
  readonly id: string;
  /** Name of its alerts (kebab case). */
  readonly alertName: string;
  readonly repository: string;
  readonly cpu: number;
  readonly memory: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly external: boolean;
  readonly http: boolean;
  readonly cpuRule: boolean;
  readonly businessHours: boolean;
  /** An agent: gets the OpenAI and Cosmos DB roles and settings. */
  readonly agent: boolean;
}

const app = (id: string, alertName: string, repository: string, over: Partial<AppSpec> = {}): AppSpec => ({
  id, alertName, repository, cpu: 0.5, memory: "1Gi", minReplicas: 0, maxReplicas: 5, external: false, http: true, cpuRule: false, businessHours: false, agent: true, ...over,
});

/** The platform's eight apps, in the order it creates them. */
const APPS: readonly AppSpec[] = [
  app("apiGateway", "api-gateway", "api-gateway", { maxReplicas: 10, external: true, businessHours: true, agent: false }),
  app("slimGateway", "slim-gateway", "slim-gateway", { minReplicas: 1, maxReplicas: 5, http: false, cpuRule: true, agent: false }),
  app("intent", "intent", "intent-classifier", { maxReplicas: 5 }),
  app("response", "response", "response-generator", { cpu: 1, memory: "2Gi", minReplicas: 1, maxReplicas: 8, cpuRule: true, businessHours: true }),
  app("critic", "critic", "critic-supervisor", { maxReplicas: 5 }),
  app("escalation", "escalation", "escalation", { maxReplicas: 3 }),
  app("knowledge", "knowledge", "knowledge-retrieval", { maxReplicas: 3 }),
  app("analytics", "analytics", "analytics", { maxReplicas: 2 }),
];

/** The stack's provider block, as the default app configures it. */
export function addProvider(stack: TerraformStack, p: ProviderModules): void {
  new p.provider.AzurermProvider(stack, "azurerm", { features: [{}] });
}

/** One platform, `id` its construct id: the same resources as `new RetailCustomerServicePlatform(stack, id, <default props>)`. */
export function addPlatform(stack: TerraformStack, id: string, p: ProviderModules): void {
  const platform = new Construct(stack, id);
  const path = platform.node.path;

  // Environment: resource group, logs, Application Insights, Container Apps environment, registry pulled by a managed identity.
  const env = new Construct(platform, "Environment");
  const envPath = env.node.path;
  const envName = (kind: string) => azureName([PREFIX, kind], `${envPath}/${kind}`);
  const rg = new p.resourceGroup.ResourceGroup(env, "ResourceGroup", { name: envName("rg"), location: LOCATION, tags: {} });
  const rgName = rg.name;
  const logs = new p.logAnalyticsWorkspace.LogAnalyticsWorkspace(env, "Logs", {
    name: envName("logs"), location: LOCATION, resourceGroupName: rgName, sku: "PerGB2018", retentionInDays: 30, tags: {},
  });
  const insights = new p.applicationInsights.ApplicationInsights(env, "Insights", {
    name: envName("appi"), location: LOCATION, resourceGroupName: rgName, applicationType: "web", workspaceId: logs.id, tags: {},
  });
  const cae = new p.containerAppEnvironment.ContainerAppEnvironment(env, "Resource", {
    name: envName("cae"), location: LOCATION, resourceGroupName: rgName, logAnalyticsWorkspaceId: logs.id, logsDestination: "log-analytics", tags: {},
  });
  const registry = new p.containerRegistry.ContainerRegistry(env, "Registry", {
    name: azureName([PREFIX, "acr"], envPath, "").replace(/-/g, ""), location: LOCATION, resourceGroupName: rgName, sku: "Basic", adminEnabled: false, tags: {},
  });
  const pull = new p.userAssignedIdentity.UserAssignedIdentity(env, "PullIdentity", { name: envName("pull"), location: LOCATION, resourceGroupName: rgName, tags: {} });
  const pullRole = new p.roleAssignment.RoleAssignment(env, "PullRoleAssignment", {
    scope: registry.id, roleDefinitionName: "AcrPull", principalId: pull.principalId, principalType: "ServicePrincipal",
  });

  // Azure OpenAI and Cosmos DB, created after the apps in the platform but referenced by their settings.
  const openaiScope = new Construct(platform, "OpenAI");
  const cosmosScope = new Construct(platform, "Cosmos");
  const oaiName = azureName([PREFIX, "oai", LOCATION], `${openaiScope.node.path}/${LOCATION}`);
  const account = new p.cognitiveAccount.CognitiveAccount(openaiScope, "Resource", {
    name: oaiName, customSubdomainName: oaiName, kind: "OpenAI", skuName: "S0", location: LOCATION, resourceGroupName: rgName,
    localAuthEnabled: false, publicNetworkAccessEnabled: true, tags: {},
  });
  new p.cognitiveDeployment.CognitiveDeployment(openaiScope, `Deployment-${LOCATION}-chat`, {
    name: "chat", cognitiveAccountId: account.id, model: { format: "OpenAI", name: "gpt-5.6-sol", version: "2026-07-09" },
    sku: { name: "GlobalStandard", capacity: 200 }, versionUpgradeOption: "OnceCurrentVersionExpired",
  });
  const cosmos = new p.cosmosdbAccount.CosmosdbAccount(cosmosScope, "Resource", {
    name: azureName([PREFIX, "cosmos"], cosmosScope.node.path), location: LOCATION, resourceGroupName: rgName, offerType: "Standard", kind: "GlobalDocumentDB",
    consistencyPolicy: { consistencyLevel: "Session" }, geoLocation: [{ location: LOCATION, failoverPriority: 0 }],
    automaticFailoverEnabled: true, localAuthenticationDisabled: true, publicNetworkAccessEnabled: true, tags: {},
  });
  const database = new p.cosmosdbSqlDatabase.CosmosdbSqlDatabase(cosmosScope, "Database", {
    name: "customer-service", accountName: cosmos.name, resourceGroupName: rgName, autoscaleSettings: { maxThroughput: 4000 },
  });
  new p.cosmosdbSqlContainer.CosmosdbSqlContainer(cosmosScope, "Container-conversations", {
    name: "conversations", accountName: cosmos.name, databaseName: database.name, resourceGroupName: rgName,
    partitionKeyPaths: ["/conversationId"], partitionKeyKind: "Hash", defaultTtl: 30 * 24 * 3600,
  });
  const agentSettings: ContainerAppTemplateContainerEnv[] = [
    {
      name: `AGENT_POOL_OPENAI_DEPLOYMENT_OPENAI_${hash(openaiScope.node.path).toUpperCase()}_000`,
      value: JSON.stringify({ endpoint: account.endpoint, deployment: "chat", tokensPerMinute: 200_000, requestsPerMinute: 1200, priority: 0, region: LOCATION }),
    },
    { name: "AGENT_POOL_OPENAI_AUTH_MODE", value: "entra-id" },
    { name: "AGENT_POOL_COSMOS_ENDPOINT", value: cosmos.endpoint },
    { name: "AGENT_POOL_COSMOS_DATABASE", value: "customer-service" },
    { name: "AGENT_POOL_COSMOS_PREFERRED_REGIONS", value: JSON.stringify([LOCATION]) },
  ];

  // The eight container apps; the agents get the OpenAI and Cosmos DB data-plane roles.
  const apps = APPS.map((spec) => {
    const scope = new Construct(platform, spec.id);
    const name = azureName([PREFIX, spec.id], scope.node.path);
    const customRules: ContainerAppTemplateCustomScaleRule[] = [];
    if (spec.cpuRule) customRules.push({ name: "cpu-utilization", customRuleType: "cpu", metadata: { type: "Utilization", value: "70" } });
    if (spec.businessHours) {
      customRules.push({
        name: "business-hours", customRuleType: "cron",
        metadata: { desiredReplicas: "2", start: "0 8 * * 1-5", end: "0 20 * * 1-5", timezone: "America/New_York" },
      });
    }
    const resource = new p.containerApp.ContainerApp(scope, "Resource", {
      name, containerAppEnvironmentId: cae.id, resourceGroupName: rgName, revisionMode: "Single", tags: {}, dependsOn: [pullRole],
      identity: { type: "SystemAssigned, UserAssigned", identityIds: [pull.id] },
      registry: [{ server: registry.loginServer, identity: pull.id }],
      secret: [{ name: "appinsights-connection-string", value: insights.connectionString }],
      ingress: {
        externalEnabled: spec.external, targetPort: 8080, transport: "auto", allowInsecureConnections: false,
        trafficWeight: [{ latestRevision: true, percentage: 100 }],
      },
      template: {
        minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas, cooldownPeriodInSeconds: 300, pollingIntervalInSeconds: 30,
        container: [{
          name: "main", image: `${registry.loginServer}/${spec.repository}:${TAG}`, cpu: spec.cpu, memory: spec.memory,
          env: [
            { name: "APPLICATIONINSIGHTS_CONNECTION_STRING", secretName: "appinsights-connection-string" },
            { name: "OTEL_SERVICE_NAME", value: name },
            ...(spec.agent ? agentSettings : []),
          ],
        }],
        httpScaleRule: spec.http ? [{ name: "http-concurrency", concurrentRequests: "10" }] : undefined,
        customScaleRule: customRules.length > 0 ? customRules : undefined,
      },
    });
    if (spec.agent) {
      const appHash = hash(scope.node.path);
      new p.roleAssignment.RoleAssignment(openaiScope, `OpenAIUser-${LOCATION}-${appHash}`, {
        scope: account.id, roleDefinitionName: "Cognitive Services OpenAI User", principalId: resource.identity.principalId, principalType: "ServicePrincipal",
      });
      new p.cosmosdbSqlRoleAssignment.CosmosdbSqlRoleAssignment(cosmosScope, `DataContributor-${appHash}`, {
        accountName: cosmos.name, resourceGroupName: cosmos.resourceGroupName, scope: cosmos.id,
        roleDefinitionId: `${cosmos.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002`, principalId: resource.identity.principalId,
      });
    }
    return { spec, name, resource };
  });

  // Alerts: an action group; per app replica saturation (metric), error rate and p95 latency (log queries, each
  // run by its own identity with Reader on Application Insights); Azure OpenAI throttling.
  const groupScope = new Construct(platform, "ActionGroup");
  const group = new p.monitorActionGroup.MonitorActionGroup(groupScope, "Resource", {
    name: azureName([PREFIX, "ActionGroup"], groupScope.node.path), resourceGroupName: rgName, shortName: "cs-ops", enabled: true, tags: {},
    emailReceiver: [{ name: "email-1", emailAddress: "ops@example.com", useCommonAlertSchema: true }],
  });
  const alerts = new Construct(platform, "Alerts");
  const metricAlert = (alertId: string, props: Omit<monitorMetricAlert.MonitorMetricAlertConfig, "name" | "resourceGroupName" | "action" | "enabled" | "frequency" | "windowSize" | "severity" | "tags">) => {
    const scope = new Construct(alerts, alertId);
    new p.monitorMetricAlert.MonitorMetricAlert(scope, "Resource", {
      name: azureName([PREFIX, alertId], scope.node.path), resourceGroupName: rgName, action: [{ actionGroupId: group.id }],
      enabled: true, frequency: "PT1M", windowSize: "PT5M", severity: 2, tags: {}, ...props,
    });
  };
  const queryAlert = (alertId: string, criteria: monitorScheduledQueryRulesAlertV2.MonitorScheduledQueryRulesAlertV2Criteria, description: string) => {
    const scope = new Construct(alerts, alertId);
    const identity = new p.userAssignedIdentity.UserAssignedIdentity(scope, "Identity", {
      name: azureName([PREFIX, alertId], `${scope.node.path}/Identity`), location: insights.location, resourceGroupName: rgName, tags: {},
    });
    const reader = new p.roleAssignment.RoleAssignment(scope, "QueryReader", {
      scope: insights.id, roleDefinitionName: "Reader", principalId: identity.principalId, principalType: "ServicePrincipal",
    });
    new p.monitorScheduledQueryRulesAlertV2.MonitorScheduledQueryRulesAlertV2(scope, "Resource", {
      name: azureName([PREFIX, alertId], scope.node.path), resourceGroupName: rgName, location: insights.location, scopes: [insights.id],
      description, severity: 2, enabled: true, evaluationFrequency: "PT1M", windowDuration: "PT5M", autoMitigationEnabled: true,
      criteria: [criteria], action: { actionGroups: [group.id] }, identity: { type: "UserAssigned", identityIds: [identity.id] }, dependsOn: [reader], tags: {},
    });
  };
  for (const { spec, name, resource } of apps) {
    const threshold = (spec.maxReplicas * 80) / 100;
    metricAlert(`${spec.alertName}-replica-saturation`, {
      scopes: [resource.id],
      description: `${name} ran more than ${threshold} replicas (80% of maxReplicas ${spec.maxReplicas}) over 5 min: raise maxReplicas`,
      criteria: [{ metricNamespace: "Microsoft.App/containerApps", metricName: "Replicas", aggregation: "Maximum", operator: "GreaterThan", threshold }],
    });
    const requests = `requests\n| where cloud_RoleName == "${name}"\n`;
    queryAlert(`${spec.alertName}-latency`, {
      query: `${requests}| summarize DurationP95 = percentile(duration, 95)`, metricMeasureColumn: "DurationP95",
      timeAggregationMethod: "Maximum", operator: "GreaterThan", threshold: 30_000,
    }, `P95 request duration of ${name} above 30000 ms over 5 min`);
    queryAlert(`${spec.alertName}-error-rate`, {
      query: `${requests}| summarize Total = count(), Failed = countif(success == false)\n| where Total >= 1\n| project FailedPercent = 100.0 * Failed / Total`,
      metricMeasureColumn: "FailedPercent", timeAggregationMethod: "Maximum", operator: "GreaterThan", threshold: 1,
    }, `More than 1% of the requests of ${name} failed over 5 min`);
  }
  metricAlert("openai-throttling", {
    scopes: [account.id],
    description: "An Azure OpenAI deployment returned more than 50 429 responses over 5 min (10/min): raise its TPM capacity",
    criteria: [{
      metricNamespace: "Microsoft.CognitiveServices/accounts", metricName: "AzureOpenAIRequests", aggregation: "Total", operator: "GreaterThan", threshold: 50,
      dimension: [
        { name: "StatusCode", operator: "Include", values: ["429"] },
        { name: "ModelDeploymentName", operator: "Include", values: ["*"] },
      ],
    }],
  });

  // The platform's one output (the library gives it a logical id per platform, not a fixed one).
  new TerraformOutput(platform, "GatewayUrl", {
    value: `https://${apps[0].resource.latestRevisionFqdn}`, description: `HTTPS URL of the API gateway of ${path}`,
  });
}

/**
 * The floor app's whole run, once the provider modules are loaded (deep or barrel): BENCH_PLATFORMS platforms in
 * one stack, synthesized, with the phase marks reported to the benchmark.
 */
export function runFloorApp(azurerm: ProviderModules): void {
  const importedMs = performance.now();
  const app = new App({ outdir: outdir() });
  const stack = new TerraformStack(app, "retail-platform");
  addProvider(stack, azurerm);
  for (let i = 0; i < platformCount(); i++) addPlatform(stack, platformId(i), azurerm);
  const constructedMs = performance.now();
  app.synth();
  report({ importedMs, constructedMs, synthesizedMs: performance.now() });
}
