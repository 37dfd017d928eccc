import { TerraformIterator, TerraformStack, Testing } from "cdktf";
import { ContainerApp } from "@cdktf/provider-azurerm/lib/container-app";
import { ContainerAppEnvironment } from "@cdktf/provider-azurerm/lib/container-app-environment";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { MonitorAutoscaleSetting } from "@cdktf/provider-azurerm/lib/monitor-autoscale-setting";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { checkProviderSchema, expectValidProviderSchema, type SchemaProblem } from "./support/provider-schema";

const APP = "resource.azurerm_container_app.app";

/** A container app that satisfies the schema; tests break one thing at a time. */
function validContainerApp(): Record<string, unknown> {
  return {
    name: "app",
    resource_group_name: "rg",
    container_app_environment_id: "${azurerm_container_app_environment.env.id}",
    revision_mode: "Single",
    template: {
      container: [{ name: "c", image: "nginx", cpu: 0.5, memory: "1Gi" }],
      http_scale_rule: [{ name: "http", concurrent_requests: "10" }],
      min_replicas: 1,
    },
    ingress: { target_port: 80, traffic_weight: [{ percentage: 100, latest_revision: true }] },
  };
}

function withApp(edit: (app: Record<string, unknown>) => void): object {
  const app = validContainerApp();
  edit(app);
  return { resource: { azurerm_container_app: { app } } };
}

function template(app: Record<string, unknown>): Record<string, unknown> {
  return app.template as Record<string, unknown>;
}

function problemAt(problems: SchemaProblem[], path: string): SchemaProblem {
  const found = problems.find((p) => p.path === path);
  if (found === undefined) throw new Error(`no problem at ${path}; got ${JSON.stringify(problems, null, 2)}`);
  return found;
}

describe("checkProviderSchema reports", () => {
  test("nothing for the valid baseline (so each case below fails for its one edit)", () => {
    expect(checkProviderSchema(withApp(() => undefined))).toEqual([]);
  });

  test("an unknown top-level attribute, suggesting the Terraform name of a camelCase key", () => {
    const problems = checkProviderSchema(
      withApp((app) => {
        app.revisionMode = app.revision_mode;
        delete app.revision_mode;
      }),
    );
    expect(problemAt(problems, `${APP}.revisionMode`).message).toBe('unknown attribute or block "revisionMode" (did you mean "revision_mode"?)');
    expect(problemAt(problems, `${APP}.revision_mode`).message).toBe('missing required attribute "revision_mode"');
    expect(problems).toHaveLength(2);
  });

  test("an unknown block nested in a list block inside a single block", () => {
    const problems = checkProviderSchema(
      withApp((app) => {
        (template(app).container as Record<string, unknown>[])[0].readiness = [{ port: 80 }];
      }),
    );
    expect(problems).toEqual([{ path: `${APP}.template.0.container.0.readiness`, message: expect.stringMatching(/^unknown attribute or block "readiness"/) }]);
  });

  test("missing required attributes and blocks at any depth", () => {
    const problems = checkProviderSchema(
      withApp((app) => {
        delete app.resource_group_name;
        delete template(app).container;
        template(app).http_scale_rule = [{ concurrent_requests: "10" }];
      }),
    );
    expect(problems).toEqual([
      { path: `${APP}.template.0.http_scale_rule.0.name`, message: 'missing required attribute "name"' },
      { path: `${APP}.template.0.container`, message: 'missing required block "container"' },
      { path: `${APP}.resource_group_name`, message: 'missing required attribute "resource_group_name"' },
    ]);
  });

  test("a list block given as a single object, and a single block given as a list", () => {
    const problems = checkProviderSchema(
      withApp((app) => {
        template(app).http_scale_rule = { name: "http", concurrent_requests: "10" };
        app.ingress = [app.ingress];
      }),
    );
    expect(problems).toEqual([
      { path: `${APP}.template.0.http_scale_rule`, message: "is a list of blocks: give a list of objects, not a single object" },
      { path: `${APP}.ingress`, message: "is a single block (at most one): give an object, not a list" },
    ]);
  });

  test("a number where the provider wants a string (concurrent_requests), and vice versa", () => {
    const problems = checkProviderSchema(
      withApp((app) => {
        template(app).http_scale_rule = [{ name: "http", concurrent_requests: 10 }];
        template(app).min_replicas = "1";
        (app.ingress as Record<string, unknown>).external_enabled = "false";
        app.tags = { cost_center: 42 };
      }),
    );
    expect(problems).toEqual([
      { path: `${APP}.template.0.http_scale_rule.0.concurrent_requests`, message: "expected a string, got number 10" },
      { path: `${APP}.template.0.min_replicas`, message: 'expected a number, got string "1"' },
      { path: `${APP}.ingress.0.external_enabled`, message: 'expected a boolean, got string "false"' },
      { path: `${APP}.tags.cost_center`, message: "expected a string, got number 42" },
    ]);
  });

  test("a scalar where a list, a map or a block is expected", () => {
    const problems = checkProviderSchema(
      withApp((app) => {
        (template(app).container as Record<string, unknown>[])[0].args = "--port=80";
        app.tags = ["team"];
        app.dapr = true;
        app.secret = 3;
      }),
    );
    expect(problems).toEqual([
      { path: `${APP}.template.0.container.0.args`, message: 'expected a list, got string "--port=80"' },
      { path: `${APP}.tags`, message: "expected a map (object), got a list" },
      { path: `${APP}.dapr`, message: "expected a block (object), got boolean true" },
      { path: `${APP}.secret`, message: "expected a list of blocks, got number 3" },
    ]);
  });

  test("unknown resource and data source types", () => {
    const problems = checkProviderSchema({
      resource: { azurerm_container_apps: { app: validContainerApp() } },
      data: { azurerm_client_configuration: { current: {} } },
    });
    expect(problems).toEqual([
      { path: "resource.azurerm_container_apps", message: 'unknown resource type "azurerm_container_apps" (did you mean "azurerm_container_app"?)' },
      { path: "data.azurerm_client_configuration", message: expect.stringMatching(/^unknown data source type "azurerm_client_configuration"/) },
    ]);
  });

  test("problems in data sources and in the azurerm provider configuration", () => {
    const problems = checkProviderSchema({
      data: { azurerm_resource_group: { rg: { location: "westeurope" } } },
      provider: { azurerm: [{ features: [{}], subscription: "0000" }] },
    });
    expect(problems).toEqual([
      { path: "data.azurerm_resource_group.rg.location", message: expect.stringMatching(/^unknown attribute or block "location"/) },
      { path: "data.azurerm_resource_group.rg.name", message: 'missing required attribute "name"' },
      { path: "provider.azurerm.0.subscription", message: expect.stringMatching(/^unknown attribute or block "subscription"/) },
    ]);
  });

  test("problems inside dynamic blocks, and a dynamic block that is not a block", () => {
    const problems = checkProviderSchema(
      withApp((app) => {
        template(app).dynamic = {
          http_scale_rule: { for_each: "${var.rules}", content: { name: "${each.value}", concurrent_requests: 10 } },
          min_replicas: { for_each: "${var.rules}", content: {} },
          tcp_scale_rule: { content: { name: "t", concurrent_requests: "5" }, each: "x" },
        };
      }),
    );
    expect(problems).toEqual([
      { path: `${APP}.template.0.dynamic.http_scale_rule.content.concurrent_requests`, message: "expected a string, got number 10" },
      { path: `${APP}.template.0.dynamic.min_replicas`, message: '"min_replicas" is not a block here, so it cannot be dynamic' },
      { path: `${APP}.template.0.dynamic.tcp_scale_rule.each`, message: expect.stringMatching(/^unknown dynamic block argument "each"/) },
      { path: `${APP}.template.0.dynamic.tcp_scale_rule.for_each`, message: 'dynamic block is missing "for_each"' },
    ]);
  });

  test("meta-arguments only where Terraform allows them", () => {
    const problems = checkProviderSchema({
      data: { azurerm_client_config: { current: { provisioner: [{ "local-exec": { command: "true" } }] } } },
      resource: {
        azurerm_container_app: {
          app: { ...validContainerApp(), template: { ...template(validContainerApp()), count: 2 } },
        },
      },
    });
    expect(problems.map((p) => p.path)).toEqual([`${APP}.template.0.count`, "data.azurerm_client_config.current.provisioner"]);
  });
});

describe("checkProviderSchema accepts", () => {
  test("Terraform meta-arguments, // metadata, null as unset, and other providers' types", () => {
    const app = {
      ...validContainerApp(),
      "//": { metadata: { path: "stack/app" } },
      count: 2,
      for_each: "${var.apps}",
      depends_on: ["azurerm_resource_group.rg"],
      provider: "azurerm.secondary",
      lifecycle: { ignore_changes: ["tags"] },
      connection: { type: "ssh" },
      provisioner: [{ "local-exec": { command: "true" } }],
      workload_profile_name: null,
    };
    const synthesized = {
      resource: { azurerm_container_app: { app }, random_string: { suffix: { length: 6, special: false } } },
      data: { azurerm_client_config: { current: { depends_on: [], lifecycle: {} } } },
    };
    expect(checkProviderSchema(synthesized)).toEqual([]);
  });

  test("Terraform expressions for any type: string, number, boolean, list, map, block and list element", () => {
    const synthesized = withApp((app) => {
      app.name = "app-${var.suffix}";
      app.tags = "${local.tags}";
      app.secret = ["${local.secret}"];
      app.dapr = "${local.dapr}";
      template(app).min_replicas = "${var.min}";
      template(app).http_scale_rule = [{ name: "http", concurrent_requests: "${var.concurrency}" }];
      (template(app).container as Record<string, unknown>[])[0].args = ["--port", "%{if var.tls}443%{else}80%{endif}"];
      (app.ingress as Record<string, unknown>).external_enabled = "${var.public}";
    });
    expect(checkProviderSchema(synthesized)).toEqual([]);
  });
});

describe("expectValidProviderSchema", () => {
  test("throws one error listing every problem with its path", () => {
    const broken = withApp((app) => {
      delete app.name;
      template(app).http_scale_rule = [{ name: "http", concurrent_requests: 10 }];
    });
    expect(() => expectValidProviderSchema(broken)).toThrow(
      [
        "Synthesized stack does not match the azurerm provider schema (2 problem(s)):",
        `  ${APP}.template.0.http_scale_rule.0.concurrent_requests: expected a string, got number 10`,
        `  ${APP}.name: missing required attribute "name"`,
      ].join("\n"),
    );
  });

  test("returns quietly for a valid stack", () => {
    expect(() => expectValidProviderSchema(withApp(() => undefined))).not.toThrow();
  });
});

describe("stacks synthesized with the provider's own constructs pass", () => {
  test("resource group, workspace, environment, container app with blocks and a dynamic block, autoscale setting", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    new AzurermProvider(stack, "azurerm", { features: [{}], storageUseAzuread: true });
    const client = new DataAzurermClientConfig(stack, "client", {});
    const rg = new ResourceGroup(stack, "rg", { name: "rg-agents", location: "westeurope", tags: { owner: client.objectId } });
    const workspace = new LogAnalyticsWorkspace(stack, "logs", {
      name: "log-agents",
      location: rg.location,
      resourceGroupName: rg.name,
      sku: "PerGB2018",
      retentionInDays: 30,
      // A name a plain camelCase -> snake_case rule gets wrong ("..._on30_days_..."): the checker must not.
      immediateDataPurgeOn30DaysEnabled: true,
    });
    const env = new ContainerAppEnvironment(stack, "env", {
      name: "cae-agents",
      location: rg.location,
      resourceGroupName: rg.name,
      logAnalyticsWorkspaceId: workspace.id,
    });
    const queues = TerraformIterator.fromList(["orders", "returns"]);
    new ContainerApp(stack, "app", {
      name: "intent",
      resourceGroupName: rg.name,
      containerAppEnvironmentId: env.id,
      revisionMode: "Single",
      identity: { type: "SystemAssigned" },
      secret: [{ name: "queue-connection", keyVaultSecretId: "https://kv.vault.azure.net/secrets/q", identity: "System" }],
      ingress: { targetPort: 8080, externalEnabled: false, transport: "http", trafficWeight: [{ percentage: 100, latestRevision: true }] },
      template: {
        minReplicas: 1,
        maxReplicas: 10,
        cooldownPeriodInSeconds: 300,
        pollingIntervalInSeconds: 30,
        container: [
          {
            name: "intent",
            image: "acr.azurecr.io/intent:1",
            cpu: 0.5,
            memory: "1Gi",
            env: [{ name: "LOG_LEVEL", value: "info" }],
            livenessProbe: [{ port: 8080, transport: "HTTP", path: "/healthz" }],
          },
        ],
        httpScaleRule: [{ name: "http", concurrentRequests: "50" }],
        customScaleRule: [{ name: "cpu", customRuleType: "cpu", metadata: { type: "Utilization", value: "70" } }],
        azureQueueScaleRule: queues.dynamic({
          name: queues.value,
          queue_name: queues.value,
          queue_length: 20,
          authentication: [{ secret_name: "queue-connection", trigger_parameter: "connection" }],
        }),
      },
    });
    new MonitorAutoscaleSetting(stack, "autoscale", {
      name: "autoscale-vmss",
      location: rg.location,
      resourceGroupName: rg.name,
      targetResourceId: "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss",
      profile: [
        {
          name: "business-hours",
          capacity: { default: 3, minimum: 2, maximum: 10 },
          recurrence: { timezone: "W. Europe Standard Time", days: ["Monday", "Friday"], hours: [8], minutes: [0] },
          rule: [
            {
              metricTrigger: {
                metricName: "Percentage CPU",
                metricResourceId: "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss",
                operator: "GreaterThan",
                statistic: "Average",
                threshold: 70,
                timeAggregation: "Average",
                timeGrain: "PT1M",
                timeWindow: "PT5M",
              },
              scaleAction: { cooldown: "PT5M", direction: "Increase", type: "ChangeCount", value: 1 },
            },
          ],
        },
        { name: "off-peak", capacity: { default: 1, minimum: 1, maximum: 2 }, fixedDate: { start: "2030-12-24T00:00:00Z", end: "2030-12-26T00:00:00Z" } },
      ],
      notification: { email: { sendToSubscriptionAdministrator: false, customEmails: ["ops@example.com"] } },
    });

    const synthesized = JSON.parse(Testing.synth(stack)) as Record<string, Record<string, object>>;

    // The check must have something to look at: every type above is in the JSON, blocks as cdktf emits them.
    expect(Object.keys(synthesized.resource).sort()).toEqual([
      "azurerm_container_app",
      "azurerm_container_app_environment",
      "azurerm_log_analytics_workspace",
      "azurerm_monitor_autoscale_setting",
      "azurerm_resource_group",
    ]);
    const app = (synthesized.resource.azurerm_container_app as Record<string, Record<string, Record<string, unknown>>>).app;
    expect(app.template.http_scale_rule).toEqual([{ name: "http", concurrent_requests: "50" }]);
    expect(app.template.dynamic).toHaveProperty("azure_queue_scale_rule.content.queue_length", 20);
    expect(checkProviderSchema(synthesized)).toEqual([]);
  });
});
