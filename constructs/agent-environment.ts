import { Construct } from "constructs";
import { ApplicationInsights } from "@cdktf/provider-azurerm/lib/application-insights";
import { ContainerAppEnvironment } from "@cdktf/provider-azurerm/lib/container-app-environment";
import { ContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { generateName, integerRangeProblem, NAME_RULES, nameProblem, type NameRule } from "../src/core";
import { check, invalid } from "./validation";

/** Options for the environment's Azure Container Registry. */
export interface ContainerRegistryOptions {
  /** Registry SKU. @default "Basic" */
  readonly sku?: "Basic" | "Standard" | "Premium";
  /** Registry name (5-50 letters or digits, globally unique). @default - generated from namePrefix and the construct path */
  readonly name?: string;
}

/** Props of {@link AgentEnvironment}. */
export interface AgentEnvironmentProps {
  /** Azure region of every resource, e.g. "eastus2". */
  readonly location: string;
  /**
   * Readable start of every generated resource name; a hash of the construct path is appended so
   * that two environments never collide. @default - the construct id
   */
  readonly namePrefix?: string;
  /** Use this existing resource group instead of creating one. @default - a resource group is created */
  readonly resourceGroupName?: string;
  /** Subnet (a /23 or larger, /21 for Consumption-only) for VNet integration. @default - no VNet integration */
  readonly infrastructureSubnetId?: string;
  /** Make the environment's load balancer internal (needs `infrastructureSubnetId`). @default false */
  readonly internalLoadBalancerEnabled?: boolean;
  /**
   * Create an Azure Container Registry (admin user disabled) and a user-assigned identity with AcrPull
   * that every app of the environment pulls with. `true` for the defaults. @default false
   */
  readonly containerRegistry?: boolean | ContainerRegistryOptions;
  /** Days Log Analytics keeps logs (30..730). @default 30 */
  readonly logRetentionDays?: number;
  /** Tags on every resource the environment creates. @default - none */
  readonly tags?: Record<string, string>;
}

/**
 * Where agent apps run: a resource group (created or existing), a Log Analytics workspace, a
 * workspace-based Application Insights, and an Azure Container Apps environment; optionally VNet
 * integration and a container registry that apps pull from with a managed identity (no admin user).
 */
export class AgentEnvironment extends Construct {
  /** The Container Apps environment (the main resource). */
  readonly resource: ContainerAppEnvironment;
  /** The resource group, when this construct created it. */
  readonly resourceGroup?: ResourceGroup;
  /** Name of the resource group every resource lives in. */
  readonly resourceGroupName: string;
  /** Azure region. */
  readonly location: string;
  /** Readable prefix of generated names. */
  readonly namePrefix: string;
  /** Log Analytics workspace that receives container logs and Application Insights data. */
  readonly logAnalyticsWorkspace: LogAnalyticsWorkspace;
  /** Workspace-based Application Insights every app sends telemetry to. */
  readonly applicationInsights: ApplicationInsights;
  /** The container registry, when requested. */
  readonly containerRegistry?: ContainerRegistry;
  /** Identity apps use to pull from the registry, when a registry is requested. */
  readonly pullIdentity?: UserAssignedIdentity;
  /** AcrPull role assignment of the pull identity, when a registry is requested. */
  readonly pullRoleAssignment?: RoleAssignment;
  /** Tags applied to every resource. */
  readonly tags: Record<string, string>;

  constructor(scope: Construct, id: string, props: AgentEnvironmentProps) {
    super(scope, id);
    if (!props.location) invalid(this, "location is required (an Azure region such as \"eastus2\")");
    this.location = props.location;
    this.namePrefix = props.namePrefix ?? id;
    this.tags = { ...props.tags };
    const retention = props.logRetentionDays ?? 30;
    check(this, integerRangeProblem("logRetentionDays", retention, 30, 730));
    if (props.internalLoadBalancerEnabled && !props.infrastructureSubnetId) {
      invalid(this, "internalLoadBalancerEnabled is true but no infrastructureSubnetId is given", "An internal load balancer needs VNet integration: set infrastructureSubnetId");
    }

    if (props.resourceGroupName !== undefined) {
      check(this, nameProblem(props.resourceGroupName, NAME_RULES.resourceGroup));
      this.resourceGroupName = props.resourceGroupName;
    } else {
      this.resourceGroup = new ResourceGroup(this, "ResourceGroup", {
        name: this.generateName("rg", NAME_RULES.resourceGroup),
        location: this.location,
        tags: this.tags,
      });
      this.resourceGroupName = this.resourceGroup.name;
    }
    const placement = { location: this.location, resourceGroupName: this.resourceGroupName, tags: this.tags };

    this.logAnalyticsWorkspace = new LogAnalyticsWorkspace(this, "Logs", {
      ...placement,
      name: this.generateName("logs", NAME_RULES.logAnalyticsWorkspace),
      sku: "PerGB2018",
      retentionInDays: retention,
    });
    this.applicationInsights = new ApplicationInsights(this, "Insights", {
      ...placement,
      name: this.generateName("appi", NAME_RULES.applicationInsights),
      applicationType: "web",
      workspaceId: this.logAnalyticsWorkspace.id,
    });
    this.resource = new ContainerAppEnvironment(this, "Resource", {
      ...placement,
      name: this.generateName("cae", NAME_RULES.containerAppEnvironment),
      logsDestination: "log-analytics",
      logAnalyticsWorkspaceId: this.logAnalyticsWorkspace.id,
      infrastructureSubnetId: props.infrastructureSubnetId,
      internalLoadBalancerEnabled: props.infrastructureSubnetId ? (props.internalLoadBalancerEnabled ?? false) : undefined,
    });

    if (props.containerRegistry) {
      const options = props.containerRegistry === true ? {} : props.containerRegistry;
      if (options.name !== undefined) check(this, nameProblem(options.name, NAME_RULES.containerRegistry));
      this.containerRegistry = new ContainerRegistry(this, "Registry", {
        ...placement,
        name: options.name ?? generateName({ parts: [this.namePrefix, "acr"], uniqueFrom: this.node.path, rule: NAME_RULES.containerRegistry, separator: "" }),
        sku: options.sku ?? "Basic",
        adminEnabled: false,
      });
      this.pullIdentity = new UserAssignedIdentity(this, "PullIdentity", {
        ...placement,
        name: this.generateName("pull", NAME_RULES.userAssignedIdentity),
      });
      this.pullRoleAssignment = new RoleAssignment(this, "PullRoleAssignment", {
        scope: this.containerRegistry.id,
        roleDefinitionName: "AcrPull",
        principalId: this.pullIdentity.principalId,
        principalType: "ServicePrincipal",
      });
    }
  }

  /** Login server of the registry (e.g. `myacr.azurecr.io`), when a registry is requested. */
  get registryServer(): string | undefined {
    return this.containerRegistry?.loginServer;
  }

  /** A valid, unique name for a child resource: namePrefix, a kind suffix and a hash of the construct path. */
  generateName(kind: string, rule: NameRule): string {
    return generateName({ parts: [this.namePrefix, kind], uniqueFrom: `${this.node.path}/${kind}`, rule });
  }
}
