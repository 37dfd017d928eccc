import { TerraformVariable } from "cdktf";
import {
  AgentEnvironment,
  Duration,
  IngressTransport,
  LatencyStatistic,
  ProbeTransport,
  RevisionMode,
  ScaledAgentApp,
  type ScaledAgentAppProps,
  WorkloadProfileType,
} from "../../constructs";
import { NAME_RULES, nameProblem } from "../../src/core";
import { synthesize, testStack, warnings } from "../support/template";

function setup(props: Partial<ScaledAgentAppProps> = {}, registry = false) {
  const stack = testStack();
  const environment = new AgentEnvironment(stack, "env", { location: "eastus2", namePrefix: "cs", containerRegistry: registry });
  const app = new ScaledAgentApp(stack, "agent", { environment, image: "example.azurecr.io/agent:v1", ...props });
  return { stack, environment, app };
}

function appJson(stack: ReturnType<typeof testStack>) {
  return synthesize(stack).findOne("azurerm_container_app").props;
}

describe("ScaledAgentApp defaults", () => {
  test("0.5 vCPU / 1Gi, 0-10 replicas, 300 s cooldown, 30 s polling, single revision, system identity, no ingress", () => {
    const { stack, app } = setup();
    const props = appJson(stack);
    expect(props.revision_mode).toBe("Single");
    expect(props.identity).toEqual({ type: "SystemAssigned" });
    expect(props.ingress).toBeUndefined();
    expect(props.registry).toBeUndefined();
    expect(props.template).toMatchObject({ min_replicas: 0, max_replicas: 10, cooldown_period_in_seconds: 300, polling_interval_in_seconds: 30 });
    expect(props.template.container).toHaveLength(1);
    expect(props.template.container[0]).toMatchObject({ name: "main", image: "example.azurecr.io/agent:v1", cpu: 0.5, memory: "1Gi" });
    expect(nameProblem(props.name, NAME_RULES.containerApp)).toBeUndefined();
    expect(props.name).toBe(app.appName);
    expect(app.latestRevisionFqdn).toBeUndefined();
    expect(app.principalId).toMatch(/^\$\{TfToken/);
  });

  test("telemetry: the Application Insights connection string is a secret reference, and the service name is the app name", () => {
    const { stack, app } = setup();
    const template = synthesize(stack);
    const insights = template.findOne("azurerm_application_insights");
    const props = template.findOne("azurerm_container_app").props;
    expect(props.secret).toEqual([{ name: "appinsights-connection-string", value: `\${azurerm_application_insights.${insights.id}.connection_string}` }]);
    const env = props.template.container[0].env;
    expect(env).toContainEqual({ name: "APPLICATIONINSIGHTS_CONNECTION_STRING", secret_name: "appinsights-connection-string" });
    expect(env).toContainEqual({ name: "OTEL_SERVICE_NAME", value: app.appName });
    expect(env).toContainEqual({ name: "OTEL_RESOURCE_ATTRIBUTES", value: `service.name=${app.appName}` });
    expect(env).toContainEqual({ name: "APPLICATIONINSIGHTS_ROLE_NAME", value: app.appName });
    expect(app.cloudRoleName).toBe(app.appName);
  });

  test("ingress is internal, HTTPS-only and sends all traffic to the latest revision unless told otherwise", () => {
    const { stack, app } = setup({ ingress: { targetPort: 8080 } });
    expect(appJson(stack).ingress).toEqual({
      external_enabled: false,
      allow_insecure_connections: false,
      target_port: 8080,
      transport: "auto",
      traffic_weight: [{ latest_revision: true, percentage: 100 }],
    });
    expect(app.latestRevisionFqdn).toBeDefined();
    expect(app.fqdn).toBeDefined();
  });

  test("runs on the environment's Consumption workload profile (a v2 environment)", () => {
    const { stack, app } = setup();
    const template = synthesize(stack);
    expect(template.findOne("azurerm_container_app_environment").props.workload_profile).toEqual([{ name: "Consumption", workload_profile_type: "Consumption" }]);
    expect(template.findOne("azurerm_container_app").props.workload_profile_name).toBe("Consumption");
    expect(app.workloadProfile).toBe("Consumption");
  });

  test("the Consumption profile of a v2 environment allows up to 4 vCPU / 8Gi", () => {
    const { stack } = setup({ cpu: 4, memory: "8Gi" });
    expect(appJson(stack).template.container[0]).toMatchObject({ cpu: 4, memory: "8Gi" });
    expect(() => setup({ cpu: 4.25, memory: "8.5Gi" })).toThrow(/^test\/agent: cpu 4.25 with memory 8.5Gi is not a combination the Consumption workload profile accepts/);
  });

  test("a dedicated workload profile: the app names it, and its size bounds cpu and memory", () => {
    const stack = testStack();
    const environment = new AgentEnvironment(stack, "env", { location: "eastus2", workloadProfiles: [{ name: "agents-d4", type: WorkloadProfileType.D4, maximumCount: 5 }] });
    new ScaledAgentApp(stack, "big", { environment, image: "example.azurecr.io/agent:v1", workloadProfile: "agents-d4", cpu: 3, memory: "12Gi" });
    const template = synthesize(stack);
    expect(template.findOne("azurerm_container_app_environment").props.workload_profile).toEqual([
      { name: "Consumption", workload_profile_type: "Consumption" },
      { name: "agents-d4", workload_profile_type: "D4", minimum_count: 0, maximum_count: 5 },
    ]);
    expect(template.findOne("azurerm_container_app").props.workload_profile_name).toBe("agents-d4");
    expect(() => new ScaledAgentApp(stack, "too-big", { environment, image: "x/y:1", workloadProfile: "agents-d4", cpu: 8, memory: "16Gi" })).toThrow(
      /^test\/too-big: cpu 8 with memory 16Gi does not fit a D4 workload profile node \(4 vCPU, 16 GiB\)/,
    );
    expect(() => new ScaledAgentApp(stack, "unknown", { environment, image: "x/y:1", workloadProfile: "gpu" })).toThrow(
      /^test\/unknown: workloadProfile "gpu" is not a workload profile of the environment. Use one of: Consumption, agents-d4/,
    );
  });

  test("ignoreImageChanges keeps the image a pipeline set: ignore_changes on the container image", () => {
    const { stack } = setup({ ignoreImageChanges: true });
    expect(appJson(stack).lifecycle).toEqual({ ignore_changes: ["template[0].container[0].image"] });
    const plain = setup();
    expect(appJson(plain.stack).lifecycle).toBeUndefined();
  });

  test("numeric props may be Terraform variables: they are not checked at synth and reach the JSON as references", () => {
    const stack = testStack();
    const environment = new AgentEnvironment(stack, "env", { location: "eastus2" });
    const max = new TerraformVariable(stack, "max", { type: "number" }).numberValue;
    const min = new TerraformVariable(stack, "min", { type: "number" }).numberValue;
    const port = new TerraformVariable(stack, "port", { type: "number" }).numberValue;
    const app = new ScaledAgentApp(stack, "agent", { environment, image: "x/y:1", minReplicas: min, maxReplicas: max, ingress: { targetPort: port } });
    app.scaleOnHttpConcurrency({ concurrentRequests: new TerraformVariable(stack, "concurrency", { type: "number" }).numberValue });
    app.scaleOnSchedule({ timeZone: "America/New_York", start: "0 8 * * 1-5", end: "0 20 * * 1-5", desiredReplicas: 2 });
    const props = synthesize(stack).findOne("azurerm_container_app").props;
    expect(props.template).toMatchObject({ min_replicas: "${var.min}", max_replicas: "${var.max}" });
    expect(props.ingress.target_port).toBe("${var.port}");
    expect(props.template.http_scale_rule[0].concurrent_requests).toBe("${var.concurrency}");
  });

  test("two apps with the same Azure name in one stack: an error naming both paths", () => {
    const stack = testStack();
    const environment = new AgentEnvironment(stack, "env", { location: "eastus2" });
    new ScaledAgentApp(stack, "first", { environment, image: "x/y:1", appName: "orders" });
    expect(() => new ScaledAgentApp(stack, "second", { environment, image: "x/y:1", appName: "orders" })).toThrow(/^test\/second: app name "orders" is already used by test\/first/);
    const other = testStack();
    const otherEnvironment = new AgentEnvironment(other, "env", { location: "eastus2" });
    expect(() => new ScaledAgentApp(other, "first", { environment: otherEnvironment, image: "x/y:1", appName: "orders" })).not.toThrow();
  });

  test("an environment registry is pulled with the environment's user-assigned identity, after AcrPull exists", () => {
    const { stack } = setup({}, true);
    const template = synthesize(stack);
    const identity = template.findOne("azurerm_user_assigned_identity");
    const assignment = template.findOne("azurerm_role_assignment");
    const registry = template.findOne("azurerm_container_registry");
    const props = template.findOne("azurerm_container_app").props;
    expect(props.identity).toEqual({ type: "SystemAssigned, UserAssigned", identity_ids: [`\${azurerm_user_assigned_identity.${identity.id}.id}`] });
    expect(props.registry).toEqual([{ server: `\${azurerm_container_registry.${registry.id}.login_server}`, identity: `\${azurerm_user_assigned_identity.${identity.id}.id}` }]);
    expect(props.depends_on).toEqual([`azurerm_role_assignment.${assignment.id}`]);
  });

  test("explicit sizes, durations, probes, command and revision mode", () => {
    const { stack } = setup({
      cpu: 1,
      memory: "2Gi",
      minReplicas: 1,
      maxReplicas: 8,
      cooldownPeriod: Duration.minutes(10),
      pollingInterval: Duration.seconds(15),
      terminationGracePeriod: Duration.seconds(60),
      revisionMode: RevisionMode.MULTIPLE,
      command: ["node"],
      args: ["server.js"],
      probes: { liveness: { port: 8080, path: "/healthz", interval: Duration.seconds(10) }, startup: { transport: ProbeTransport.TCP, port: 8080 } },
    });
    const props = appJson(stack);
    expect(props.revision_mode).toBe("Multiple");
    expect(props.template).toMatchObject({ min_replicas: 1, max_replicas: 8, cooldown_period_in_seconds: 600, polling_interval_in_seconds: 15, termination_grace_period_seconds: 60 });
    const container = props.template.container[0];
    expect(container).toMatchObject({ cpu: 1, memory: "2Gi", command: ["node"], args: ["server.js"] });
    expect(container.liveness_probe).toEqual([{ transport: "HTTP", port: 8080, path: "/healthz", interval_seconds: 10 }]);
    expect(container.startup_probe).toEqual([{ transport: "TCP", port: 8080 }]);
    expect(container.readiness_probe).toBeUndefined();
  });
});

describe("ScaledAgentApp scale rules", () => {
  test("scaleOnHttpConcurrency writes concurrent_requests as a string (the provider's type)", () => {
    const { stack } = setup({ ingress: { targetPort: 8080, external: true } });
    const { app } = { app: stack.node.findChild("agent") as ScaledAgentApp };
    app.scaleOnHttpConcurrency({ concurrentRequests: 10 });
    expect(appJson(stack).template.http_scale_rule).toEqual([{ name: "http-concurrency", concurrent_requests: "10" }]);
  });

  test("scaleOnTcpConcurrency", () => {
    const { stack, app } = setup({ ingress: { targetPort: 5432, transport: IngressTransport.TCP, exposedPort: 5432 } });
    app.scaleOnTcpConcurrency({ concurrentConnections: 20, name: "tcp" });
    const props = appJson(stack);
    expect(props.template.tcp_scale_rule).toEqual([{ name: "tcp", concurrent_requests: "20" }]);
    expect(props.ingress).toMatchObject({ transport: "tcp", exposed_port: 5432 });
  });

  test("CPU and memory rules are KEDA custom rules with Utilization metadata, allowed with minReplicas >= 1", () => {
    const { stack, app } = setup({ minReplicas: 1 });
    app.scaleOnCpuUtilization({ targetUtilizationPercent: 70 }).scaleOnMemoryUtilization({ targetUtilizationPercent: 80 });
    expect(appJson(stack).template.custom_scale_rule).toEqual([
      { name: "cpu-utilization", custom_rule_type: "cpu", metadata: { type: "Utilization", value: "70" } },
      { name: "memory-utilization", custom_rule_type: "memory", metadata: { type: "Utilization", value: "80" } },
    ]);
  });

  test("scaleOnAzureQueue and scaleOnServiceBus authenticate with a secret of the app", () => {
    const variable = (stack: ReturnType<typeof testStack>) => new TerraformVariable(stack, "conn", { type: "string", sensitive: true }).stringValue;
    const stack = testStack();
    const environment = new AgentEnvironment(stack, "env", { location: "eastus2" });
    const app = new ScaledAgentApp(stack, "agent", { environment, image: "img", secrets: { "queue-connection": { value: variable(stack) } } });
    app
      .scaleOnAzureQueue({ queueName: "Orders_In", queueLength: 50, authentication: { secretName: "queue-connection", triggerParameter: "connection" } })
      .scaleOnServiceBus({ namespace: "sb-retail", topicName: "events", subscriptionName: "analytics", authentication: { secretName: "queue-connection", triggerParameter: "connection" } });
    const template = appJson(stack).template;
    expect(template.azure_queue_scale_rule).toEqual([
      { name: "azure-queue-orders-in", queue_name: "Orders_In", queue_length: 50, authentication: [{ secret_name: "queue-connection", trigger_parameter: "connection" }] },
    ]);
    expect(template.custom_scale_rule).toEqual([
      {
        name: "service-bus-events",
        custom_rule_type: "azure-servicebus",
        metadata: { namespace: "sb-retail", topicName: "events", subscriptionName: "analytics", messageCount: "5" },
        authentication: [{ secret_name: "queue-connection", trigger_parameter: "connection" }],
      },
    ]);
    expect(warnings(stack)).toEqual([]);
  });

  test("scaleOnCustom takes any scaler the provider accepts; default names stay unique", () => {
    const { stack, app } = setup();
    app.scaleOnCustom({ type: "prometheus", metadata: { serverAddress: "http://prom:9090", query: "sum(x)", threshold: "5" } });
    app.scaleOnCustom({ type: "prometheus", metadata: { serverAddress: "http://prom:9090", query: "sum(y)", threshold: "5" } });
    expect(appJson(stack).template.custom_scale_rule.map((rule: { name: string }) => rule.name)).toEqual(["prometheus", "prometheus-2"]);
    expect(app.scaleRuleNames).toEqual(["prometheus", "prometheus-2"]);
  });

  test("scaleOnSchedule is a KEDA cron rule with an IANA time zone and string desiredReplicas", () => {
    const { stack, app } = setup({ maxReplicas: 16 });
    app.scaleOnSchedule({ timeZone: "America/New_York", start: "0 8 * * 1-5", end: "0 20 * * 1-5", desiredReplicas: 2 });
    app.scaleOnSchedule({ timeZone: "America/New_York", start: "0 9 * * 6", end: "0 17 * * 6", desiredReplicas: 1, name: "saturday" });
    expect(appJson(stack).template.custom_scale_rule).toEqual([
      { name: "schedule", custom_rule_type: "cron", metadata: { timezone: "America/New_York", start: "0 8 * * 1-5", end: "0 20 * * 1-5", desiredReplicas: "2" } },
      { name: "saturday", custom_rule_type: "cron", metadata: { timezone: "America/New_York", start: "0 9 * * 6", end: "0 17 * * 6", desiredReplicas: "1" } },
    ]);
  });
});

describe("ScaledAgentApp secrets and environment variables", () => {
  test("a Key Vault secret is read with the system identity by default; secret env vars reference it by name", () => {
    const kvId = "https://kv-retail.vault.azure.net/secrets/crm-token";
    const { stack } = setup({
      secrets: { "crm-token": { keyVaultSecretId: kvId } },
      secretEnvironmentVariables: { CRM_TOKEN: "crm-token" },
      environmentVariables: { LOG_LEVEL: "info" },
    });
    const props = appJson(stack);
    expect(props.secret).toContainEqual({ name: "crm-token", key_vault_secret_id: kvId, identity: "System" });
    const env = props.template.container[0].env;
    expect(env).toContainEqual({ name: "CRM_TOKEN", secret_name: "crm-token" });
    expect(env).toContainEqual({ name: "LOG_LEVEL", value: "info" });
    // The system identity only exists once the app does, so the first deployment cannot read the secret with it.
    expect(warnings(stack)).toEqual([expect.stringMatching(/secret "crm-token" is read from Key Vault with the app's system-assigned identity, which does not exist until the app is created/)]);
  });

  test("a Key Vault secret read with one of the app's user-assigned identities gets no warning", () => {
    const identity = "/subscriptions/0/resourceGroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/kv-reader";
    const { stack } = setup({ userAssignedIdentityIds: [identity], secrets: { token: { keyVaultSecretId: "https://kv.vault.azure.net/secrets/token", identity } } });
    const props = appJson(stack);
    expect(props.secret).toContainEqual({ name: "token", key_vault_secret_id: "https://kv.vault.azure.net/secrets/token", identity });
    expect(props.identity).toEqual({ type: "SystemAssigned, UserAssigned", identity_ids: [identity] });
    expect(warnings(stack)).toEqual([]);
  });

  test("a literal secret value gets a warning; a variable reference does not, and its value never appears in the JSON", () => {
    const { stack, app } = setup({ secrets: { "literal-one": { value: "hunter2" } } });
    expect(warnings(stack)).toEqual([expect.stringMatching(/secret "literal-one" has a literal value/)]);
    const variable = new TerraformVariable(stack, "token", { type: "string", sensitive: true });
    app.addSecret("from-variable", { value: variable.stringValue });
    expect(warnings(stack)).toHaveLength(1);
    const props = appJson(stack);
    expect(props.secret).toContainEqual({ name: "from-variable", value: "${var.token}" });
    for (const entry of props.template.container[0].env) expect(entry.value).not.toBe("hunter2");
  });

  test("methods added after construction update the template and secrets", () => {
    const identity = "/subscriptions/0/resourceGroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u";
    const { stack, app } = setup({ userAssignedIdentityIds: [identity] });
    app.addEnvironmentVariable("FEATURE", "on");
    app.addSecret("late", { keyVaultSecretId: "https://kv.vault.azure.net/secrets/late", identity });
    app.addSecretEnvironmentVariable("LATE", "late");
    const props = appJson(stack);
    expect(props.template.container[0].env).toEqual(expect.arrayContaining([{ name: "FEATURE", value: "on" }, { name: "LATE", secret_name: "late" }]));
    expect(props.secret.map((secret: { name: string }) => secret.name)).toEqual(["appinsights-connection-string", "late"]);
  });
});

describe("ScaledAgentApp alert helpers", () => {
  test("alertOnLatency, alertOnErrorRate and alertOnReplicaSaturation create alerts scoped to the app", () => {
    const { stack, app } = setup({ ingress: { targetPort: 8080 }, maxReplicas: 10 });
    app.alertOnLatency("p95", { statistic: LatencyStatistic.P95, threshold: Duration.seconds(30) });
    app.alertOnLatency("average", { statistic: LatencyStatistic.AVERAGE });
    app.alertOnErrorRate("errors");
    app.alertOnReplicaSaturation("replicas");
    const template = synthesize(stack);
    const appId = `\${azurerm_container_app.${template.findOne("azurerm_container_app").id}.id}`;
    const logAlerts = template.resources("azurerm_monitor_scheduled_query_rules_alert_v2");
    expect(logAlerts).toHaveLength(2);
    for (const alert of logAlerts) expect(alert.props.criteria[0].query).toContain(`cloud_RoleName == "${app.appName}"`);
    expect(logAlerts.some((alert) => alert.props.criteria[0].query.includes("percentile(duration, 95)") && alert.props.criteria[0].threshold === 30000)).toBe(true);
    const metricAlerts = template.resources("azurerm_monitor_metric_alert");
    expect(metricAlerts.map((alert) => alert.props.criteria[0].metric_name).sort()).toEqual(["Replicas", "ResponseTime"]);
    for (const alert of metricAlerts) expect(alert.props.scopes).toEqual([appId]);
  });
});

describe("ScaledAgentApp validation", () => {
  const cases: Array<[string, Partial<ScaledAgentAppProps>, RegExp]> = [
    ["cpu/memory pair not allowed", { cpu: 0.5, memory: "2Gi" }, /cpu 0.5 with memory 2Gi is not a combination the Consumption workload profile accepts: 0.25 to 4 vCPU in steps of 0.25 with twice as many GiB \(0.25\/0.5Gi/],
    ["memory not canonical (Mi)", { memory: "1024Mi" }, /memory "1024Mi" is not in canonical "<n>Gi" form/],
    ["memory not canonical (1.0Gi)", { memory: "1.0Gi" }, /memory "1.0Gi" is not in canonical/],
    ["memory without unit", { memory: "1G" }, /memory "1G" is not in canonical/],
    ["min above max", { minReplicas: 5, maxReplicas: 3 }, /minReplicas \(5\) is greater than maxReplicas \(3\)/],
    ["min below 0", { minReplicas: -1 }, /minReplicas must be an integer from 0 to 300; got -1/],
    ["max above 300", { maxReplicas: 301 }, /maxReplicas must be an integer from 1 to 300; got 301/],
    ["max 0", { maxReplicas: 0 }, /maxReplicas must be an integer from 1 to 300; got 0/],
    ["app name Azure rejects", { appName: "Bad_Name" }, /container app name "Bad_Name" is not valid/],
    ["app name too long", { appName: "a".repeat(33) }, /container app name "a{33}" is not valid/],
    ["app name with --", { appName: "api--gateway" }, /container app name "api--gateway" is not valid/],
    ["container name Azure rejects", { containerName: "Main" }, /container name "Main" is not valid/],
    ["target port 0", { ingress: { targetPort: 0 } }, /ingress.targetPort must be an integer from 1 to 65535; got 0/],
    ["target port 70000", { ingress: { targetPort: 70000 } }, /ingress.targetPort must be an integer from 1 to 65535; got 70000/],
    ["exposed port without tcp", { ingress: { targetPort: 80, exposedPort: 80 } }, /ingress.exposedPort \(80\) is only allowed with transport "tcp"/],
    ["secret with value and Key Vault id", { secrets: { both: { value: "x", keyVaultSecretId: "https://kv.vault.azure.net/secrets/x" } } }, /secret "both" must have exactly one of value and keyVaultSecretId; got both/],
    ["secret with neither", { secrets: { neither: {} } }, /secret "neither" must have exactly one of value and keyVaultSecretId; got neither/],
    ["secret name Azure rejects", { secrets: { Bad_Secret: { keyVaultSecretId: "https://kv.vault.azure.net/secrets/x" } } }, /secret name "Bad_Secret" is not valid/],
    ["secret env var to an unknown secret", { secretEnvironmentVariables: { TOKEN: "missing" } }, /environment variable TOKEN refers to secret "missing", which the app does not have/],
    ["env var set twice (reserved)", { environmentVariables: { OTEL_SERVICE_NAME: "x" } }, /environment variable OTEL_SERVICE_NAME is set twice/],
    ["secret read with an identity the app does not have", { secrets: { x: { keyVaultSecretId: "https://kv.vault.azure.net/secrets/x", identity: "/subscriptions/0/resourceGroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/other" } } }, /secret "x" is read with identity ".*other", which the app does not have/],
    ["user secret with the built-in Application Insights name", { secrets: { "appinsights-connection-string": { keyVaultSecretId: "https://kv.vault.azure.net/secrets/x" } } }, /secret "appinsights-connection-string" is defined twice/],
    ["probe interval 0 s", { probes: { liveness: { port: 8080, interval: Duration.seconds(0) } } }, /probes.liveness.interval must be a whole number of seconds from 1 to 240; got 0 s/],
    ["probe timeout 900 s", { probes: { readiness: { port: 8080, timeout: Duration.seconds(900) } } }, /probes.readiness.timeout must be a whole number of seconds from 1 to 240; got 15 min/],
    ["probe initial delay 61 s", { probes: { startup: { port: 8080, initialDelay: Duration.seconds(61) } } }, /probes.startup.initialDelay must be a whole number of seconds from 0 to 60; got 61 s/],
    ["probe failure threshold 0", { probes: { liveness: { port: 8080, failureThreshold: 0 } } }, /probes.liveness.failureThreshold must be an integer from 1 to 10; got 0/],
    ["probe failure threshold 11", { probes: { liveness: { port: 8080, failureThreshold: 11 } } }, /probes.liveness.failureThreshold must be an integer from 1 to 10; got 11/],
    ["probe path without /", { probes: { liveness: { port: 8080, path: "health" } } }, /probes.liveness.path "health" must start with "\/"/],
    ["cooldown not whole seconds", { cooldownPeriod: Duration.millis(1500) }, /cooldownPeriod must be a whole number of seconds from 1 up; got 1500 ms/],
    ["grace period over 600 s", { terminationGracePeriod: Duration.minutes(11) }, /terminationGracePeriod must be a whole number of seconds from 0 to 600; got 11 min/],
  ];
  test.each(cases)("%s: a clear error naming the construct path", (_name, props, message) => {
    expect(() => setup(props)).toThrow(message);
    expect(() => setup(props)).toThrow(/^test\/agent: /);
  });

  const ruleCases: Array<[string, Partial<ScaledAgentAppProps>, (app: ScaledAgentApp) => unknown, RegExp]> = [
    ["CPU rule while minReplicas is 0", {}, (app) => app.scaleOnCpuUtilization({ targetUtilizationPercent: 70 }), /a cpu scale rule cannot scale an app up from zero replicas, and minReplicas is 0/],
    ["memory rule while minReplicas is 0", {}, (app) => app.scaleOnMemoryUtilization({ targetUtilizationPercent: 70 }), /a memory scale rule cannot scale an app up from zero replicas/],
    ["custom cpu rule (has its own method)", {}, (app) => app.scaleOnCustom({ type: "cpu", metadata: { type: "Utilization", value: "50" } }), /scale rule type "cpu" has its own method, which validates it. Use scaleOnCpuUtilization\(\)/],
    ["custom cron rule (has its own method)", {}, (app) => app.scaleOnCustom({ type: "cron", metadata: { timezone: "Nowhere/X", start: "x", end: "y", desiredReplicas: "0" } }), /Use scaleOnSchedule\(\)/],
    ["custom http rule (has its own method)", {}, (app) => app.scaleOnCustom({ type: "http", metadata: { concurrentRequests: "5" } }), /Use scaleOnHttpConcurrency\(\)/],
    ["concurrentRequests 0", { ingress: { targetPort: 80 } }, (app) => app.scaleOnHttpConcurrency({ concurrentRequests: 0 }), /concurrentRequests must be an integer from 1 to \d+; got 0/],
    ["concurrentRequests not an integer", { ingress: { targetPort: 80 } }, (app) => app.scaleOnHttpConcurrency({ concurrentRequests: 2.5 }), /concurrentRequests must be an integer .*got 2.5/],
    ["HTTP rule without ingress", {}, (app) => app.scaleOnHttpConcurrency({ concurrentRequests: 10 }), /scaleOnHttpConcurrency needs ingress/],
    ["utilization over 100", { minReplicas: 1 }, (app) => app.scaleOnCpuUtilization({ targetUtilizationPercent: 120 }), /targetUtilizationPercent must be an integer from 1 to 100; got 120/],
    ["duplicate rule name", { ingress: { targetPort: 80 } }, (app) => app.scaleOnHttpConcurrency({ concurrentRequests: 5, name: "load" }).scaleOnSchedule({ name: "load", timeZone: "UTC", start: "0 8 * * *", end: "0 9 * * *", desiredReplicas: 1 }), /scale rule name "load" is used twice/],
    ["rule name Azure rejects", { ingress: { targetPort: 80 } }, (app) => app.scaleOnHttpConcurrency({ concurrentRequests: 5, name: "Load_Rule" }), /scale rule name "Load_Rule" is not valid/],
    ["unknown custom rule type", {}, (app) => app.scaleOnCustom({ type: "sqs", metadata: { a: "b" } }), /scale rule type "sqs" is not one the azurerm provider accepts/],
    ["custom rule without metadata", {}, (app) => app.scaleOnCustom({ type: "redis", metadata: {} }), /needs metadata/],
    ["Windows time zone name", {}, (app) => app.scaleOnSchedule({ timeZone: "Eastern Standard Time", start: "0 8 * * *", end: "0 20 * * *", desiredReplicas: 1 }), /time zone "Eastern Standard Time" is not an IANA time-zone name/],
    ["cron with 6 fields", {}, (app) => app.scaleOnSchedule({ timeZone: "UTC", start: "0 0 8 * * *", end: "0 20 * * *", desiredReplicas: 1 }), /cron expression "0 0 8 \* \* \*" must have 5 fields/],
    ["cron hour 24", {}, (app) => app.scaleOnSchedule({ timeZone: "UTC", start: "0 24 * * *", end: "0 20 * * *", desiredReplicas: 1 }), /hour "24" is outside 0-23/],
    ["cron start equal to end", {}, (app) => app.scaleOnSchedule({ timeZone: "UTC", start: "0 8 * * *", end: "0 8 * * *", desiredReplicas: 1 }), /schedule start and end are the same/],
    ["desiredReplicas 0", {}, (app) => app.scaleOnSchedule({ timeZone: "UTC", start: "0 8 * * *", end: "0 9 * * *", desiredReplicas: 0 }), /desiredReplicas must be an integer from 1 to 10; got 0/],
    ["desiredReplicas above maxReplicas", { maxReplicas: 3 }, (app) => app.scaleOnSchedule({ timeZone: "UTC", start: "0 8 * * *", end: "0 9 * * *", desiredReplicas: 4 }), /desiredReplicas must be an integer from 1 to 3; got 4/],
    ["queue rule with unknown secret", {}, (app) => app.scaleOnAzureQueue({ queueName: "q", queueLength: 5, authentication: { secretName: "nope", triggerParameter: "connection" } }), /refers to secret "nope", which the app does not have/],
    ["service bus with neither queue nor topic", {}, (app) => app.scaleOnServiceBus({ namespace: "ns", authentication: { secretName: "appinsights-connection-string", triggerParameter: "connection" } }), /needs either queueName, or topicName with subscriptionName/],
  ];
  test.each(ruleCases)("%s: a clear error naming the construct path", (_name, props, act, message) => {
    const { app } = setup(props);
    expect(() => act(app)).toThrow(message);
    expect(() => act(setup(props).app)).toThrow(/^test\/agent: /);
  });

  test("nothing invalid reaches the JSON: a rejected rule leaves the template unchanged", () => {
    const { stack, app } = setup({ ingress: { targetPort: 80 } });
    expect(() => app.scaleOnHttpConcurrency({ concurrentRequests: -1 })).toThrow();
    expect(appJson(stack).template.http_scale_rule).toBeUndefined();
  });
});
