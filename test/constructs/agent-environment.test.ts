import { TerraformStack, Testing } from "cdktf";
import { AgentEnvironment, ContainerRegistrySku, WorkloadProfileType } from "../../constructs";
import { NAME_RULES, nameProblem } from "../../src/core";
import { synthesize, testStack, warnings } from "../support/template";

describe("AgentEnvironment", () => {
  test("creates a resource group, workspace, workspace-based Application Insights and a Container Apps environment", () => {
    const stack = testStack();
    new AgentEnvironment(stack, "env", { location: "eastus2", namePrefix: "agntcy-cs" });
    const template = synthesize(stack);

    expect(template.countsByType()).toEqual({
      azurerm_resource_group: 1,
      azurerm_log_analytics_workspace: 1,
      azurerm_application_insights: 1,
      azurerm_container_app_environment: 1,
    });
    const group = template.findOne("azurerm_resource_group");
    expect(group.props.location).toBe("eastus2");
    const workspace = template.findOne("azurerm_log_analytics_workspace");
    expect(workspace.props).toMatchObject({ sku: "PerGB2018", retention_in_days: 30, location: "eastus2" });
    const insights = template.findOne("azurerm_application_insights");
    expect(insights.props.application_type).toBe("web");
    expect(insights.props.workspace_id).toBe(`\${azurerm_log_analytics_workspace.${workspace.id}.id}`);
    const environment = template.findOne("azurerm_container_app_environment");
    expect(environment.props).toMatchObject({
      logs_destination: "log-analytics",
      log_analytics_workspace_id: `\${azurerm_log_analytics_workspace.${workspace.id}.id}`,
      resource_group_name: `\${azurerm_resource_group.${group.id}.name}`,
    });
    expect(environment.props.infrastructure_subnet_id).toBeUndefined();
  });

  test("every generated name is valid for its resource type and starts with the prefix", () => {
    const stack = testStack();
    new AgentEnvironment(stack, "env", { location: "eastus2", namePrefix: "agntcy-cs", containerRegistry: true });
    const template = synthesize(stack);
    const cases: Array<[string, (typeof NAME_RULES)[keyof typeof NAME_RULES]]> = [
      ["azurerm_resource_group", NAME_RULES.resourceGroup],
      ["azurerm_log_analytics_workspace", NAME_RULES.logAnalyticsWorkspace],
      ["azurerm_application_insights", NAME_RULES.applicationInsights],
      ["azurerm_container_app_environment", NAME_RULES.containerAppEnvironment],
      ["azurerm_container_registry", NAME_RULES.containerRegistry],
      ["azurerm_user_assigned_identity", NAME_RULES.userAssignedIdentity],
    ];
    for (const [type, rule] of cases) {
      const name = template.findOne(type).props.name as string;
      expect(nameProblem(name, rule)).toBeUndefined();
      expect(name.toLowerCase().startsWith("agntcy")).toBe(true);
    }
  });

  test("names are unique per construct path, even with the same prefix, and stay valid for a very long prefix", () => {
    const stack = testStack();
    const longPrefix = "a-very-long-name-prefix-that-is-longer-than-any-azure-limit-allows-for-these-names";
    new AgentEnvironment(stack, "one", { location: "eastus2", namePrefix: longPrefix, containerRegistry: true });
    new AgentEnvironment(stack, "two", { location: "eastus2", namePrefix: longPrefix, containerRegistry: true });
    const template = synthesize(stack);
    for (const type of ["azurerm_container_app_environment", "azurerm_log_analytics_workspace", "azurerm_container_registry", "azurerm_resource_group"]) {
      const names = template.resources(type).map((resource) => resource.props.name as string);
      expect(names).toHaveLength(2);
      expect(new Set(names).size).toBe(2);
    }
    for (const env of template.resources("azurerm_container_app_environment")) {
      expect(nameProblem(env.props.name, NAME_RULES.containerAppEnvironment)).toBeUndefined();
    }
  });

  test("uses an existing resource group by name instead of creating one", () => {
    const stack = testStack();
    new AgentEnvironment(stack, "env", { location: "westeurope", resourceGroupName: "rg-existing" });
    const template = synthesize(stack);
    expect(template.count("azurerm_resource_group")).toBe(0);
    expect(template.findOne("azurerm_container_app_environment").props.resource_group_name).toBe("rg-existing");
    expect(template.findOne("azurerm_log_analytics_workspace").props.resource_group_name).toBe("rg-existing");
  });

  test("VNet integration with an internal load balancer", () => {
    const stack = testStack();
    const subnet = "/subscriptions/0000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aca";
    new AgentEnvironment(stack, "env", { location: "eastus2", infrastructureSubnetId: subnet, internalLoadBalancerEnabled: true });
    const environment = synthesize(stack).findOne("azurerm_container_app_environment");
    expect(environment.props.infrastructure_subnet_id).toBe(subnet);
    expect(environment.props.internal_load_balancer_enabled).toBe(true);
  });

  test("a container registry without admin user, a pull identity and its AcrPull assignment", () => {
    const stack = testStack();
    const env = new AgentEnvironment(stack, "env", { location: "eastus2", containerRegistry: { sku: ContainerRegistrySku.PREMIUM } });
    const template = synthesize(stack);
    const registry = template.findOne("azurerm_container_registry");
    expect(registry.props).toMatchObject({ sku: "Premium", admin_enabled: false });
    const identity = template.findOne("azurerm_user_assigned_identity");
    const assignment = template.findOne("azurerm_role_assignment");
    expect(assignment.props).toMatchObject({
      role_definition_name: "AcrPull",
      scope: `\${azurerm_container_registry.${registry.id}.id}`,
      principal_id: `\${azurerm_user_assigned_identity.${identity.id}.principal_id}`,
      principal_type: "ServicePrincipal",
    });
    expect(env.registryServer).toBeDefined();
  });

  test.each([
    [{ location: "" }, /location is required/],
    [{ location: "eastus2", internalLoadBalancerEnabled: true }, /internalLoadBalancerEnabled is true but no infrastructureSubnetId/],
    [{ location: "eastus2", logRetentionDays: 7 }, /logRetentionDays must be an integer from 30 to 730; got 7/],
    [{ location: "eastus2", resourceGroupName: "bad/name" }, /resource group name "bad\/name" is not valid/],
    [{ location: "eastus2", containerRegistry: { name: "no-dashes" } }, /container registry name "no-dashes" is not valid/],
    [{ location: "eastus2", containerRegistry: true, existingRegistry: { loginServer: "c.azurecr.io", identityId: "id" } }, /containerRegistry and existingRegistry are both given/],
    [{ location: "eastus2", existingRegistry: { loginServer: "c.azurecr.io", identityId: "id", resourceId: "rid" } }, /existingRegistry needs exactly one of resourceId and identityId; got both/],
    [{ location: "eastus2", existingRegistry: { loginServer: "", identityId: "id" } }, /existingRegistry.loginServer is empty/],
    [
      { location: "eastus2", existingRegistry: { loginServer: "otheracr.azurecr.io", resourceId: "/subscriptions/0/resourceGroups/r/providers/Microsoft.ContainerRegistry/registries/contosoacr" } },
      /existingRegistry.loginServer "otheracr.azurecr.io" is not the registry of resourceId \(registry "contosoacr"\)/,
    ],
    [{ location: "eastus2", workloadProfiles: [{ name: "Consumption", type: WorkloadProfileType.D4 }] }, /workloadProfiles\[0\]: workload profile name "Consumption" is used twice/],
    [{ location: "eastus2", workloadProfiles: [{ name: "big", type: "D5" as never }] }, /workloadProfiles\[0\].type "D5" is not valid. Use one of: D4, D8/],
    [{ location: "eastus2", workloadProfiles: [{ name: "big", type: WorkloadProfileType.D4, minimumCount: 4, maximumCount: 2 }] }, /workloadProfiles\[0\]: minimumCount \(4\) is greater than maximumCount \(2\)/],
    [{ location: "eastus2", workloadProfiles: [{ name: "big", type: WorkloadProfileType.D4, maximumCount: 101 }] }, /workloadProfiles\[0\].maximumCount must be an integer from 1 to 100; got 101/],
    [{ location: "eastus2", workloadProfiles: [{ name: "a_profile", type: WorkloadProfileType.D4 }] }, /workload profile name "a_profile" is not valid/],
  ])("rejects %p with an error naming the construct path", (props, message) => {
    const stack = new TerraformStack(Testing.app(), "test");
    expect(() => new AgentEnvironment(stack, "env", props)).toThrow(message);
    expect(() => new AgentEnvironment(new TerraformStack(Testing.app(), "other"), "env", props)).toThrow(/^other\/env: /);
  });

  test("an existing registry by resource id: a pull identity with AcrPull on that id; no registry is created", () => {
    const stack = testStack();
    const registryId = "/subscriptions/0000/resourceGroups/shared/providers/Microsoft.ContainerRegistry/registries/contoso";
    const env = new AgentEnvironment(stack, "env", { location: "eastus2", existingRegistry: { loginServer: "contoso.azurecr.io", resourceId: registryId } });
    const template = synthesize(stack);
    expect(template.count("azurerm_container_registry")).toBe(0);
    expect(template.findOne("azurerm_role_assignment").props).toMatchObject({ role_definition_name: "AcrPull", scope: registryId });
    expect(env.registryPull!.server).toBe("contoso.azurecr.io");
    expect(env.registryPull!.roleAssignment).toBe(env.pullRoleAssignment);
    expect(env.registryServer).toBe("contoso.azurecr.io");
  });

  test("a namePrefix that generated names change gives a warning with the form they use", () => {
    const stack = testStack();
    new AgentEnvironment(stack, "env", { location: "eastus2", namePrefix: "Agntcy_CS" });
    expect(warnings(stack)).toEqual([expect.stringMatching(/namePrefix "Agntcy_CS" appears as "agntcy-cs" in generated names/)]);
    const clean = testStack();
    new AgentEnvironment(clean, "env", { location: "eastus2", namePrefix: "agntcy-cs" });
    expect(warnings(clean)).toEqual([]);
  });
});
