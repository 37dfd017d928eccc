import { Annotations, Token } from "cdktf";
import { Construct } from "constructs";
import { ApplicationInsights } from "@cdktf/provider-azurerm/lib/application-insights";
import { ContainerAppEnvironment } from "@cdktf/provider-azurerm/lib/container-app-environment";
import { ContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { generateName, NAME_RULES, nameProblem, type NameRule, normalizedNamePrefix } from "../src/core";
import { locationProblem } from "../src/core/location";
import { CONSUMPTION_WORKLOAD_PROFILE, WorkloadProfileType } from "../src/core/workload-profiles";
import { check, checkInteger, checkOneOf, invalid } from "./validation";

/** Service tier of an Azure Container Registry (`azurerm_container_registry` `sku`). */
export enum ContainerRegistrySku {
  /** Entry tier, for development and small workloads. */
  BASIC = "Basic",
  /** More storage and throughput. */
  STANDARD = "Standard",
  /** Adds geo-replication, private endpoints and more storage. */
  PREMIUM = "Premium",
}

/** Options for the environment's Azure Container Registry. */
export interface ContainerRegistryOptions {
  /** Registry SKU. @default ContainerRegistrySku.BASIC */
  readonly sku?: ContainerRegistrySku;
  /** Registry name (5-50 letters or digits, globally unique). @default - generated from namePrefix and the construct path */
  readonly name?: string;
}

/**
 * A container registry that already exists, which apps pull from with a managed identity. Give exactly one of
 * `resourceId` (a pull identity is created and granted AcrPull on it) and `identityId` (an identity that already
 * holds AcrPull).
 */
export interface ExistingContainerRegistry {
  /** Login server, e.g. `contoso.azurecr.io`. */
  readonly loginServer: string;
  /** Resource id of the registry: the environment creates a pull identity with AcrPull on it. @default - `identityId` is used */
  readonly resourceId?: string;
  /** Resource id of a user-assigned identity that already holds AcrPull on the registry. @default - `resourceId` is used */
  readonly identityId?: string;
}

/** How the environment's apps pull from a private registry: the server, and the identity that holds AcrPull on it. */
export interface RegistryPull {
  /** Login server, e.g. `contoso.azurecr.io`. */
  readonly server: string;
  /** Resource id of the user-assigned identity apps pull with. */
  readonly identityId: string;
  /** The AcrPull role assignment apps wait for, when the environment created it. */
  readonly roleAssignment?: RoleAssignment;
  /** Resource id of the registry, when known (a created registry, or `existingRegistry.resourceId`). */
  readonly registryId?: string;
}

/**
 * A dedicated workload profile of the environment (the Consumption profile is always there). Apps choose it with
 * `ScaledAgentAppProps.workloadProfile`.
 */
export interface DedicatedWorkloadProfile {
  /** Profile name apps refer to (letters, digits, '-', up to 15 characters), e.g. "agents-d4". */
  readonly name: string;
  /** VM size of the profile's nodes, e.g. "D4" (4 vCPU, 16 GiB). */
  readonly type: WorkloadProfileType;
  /** Fewest nodes (0..100). @default 0 */
  readonly minimumCount?: number;
  /** Most nodes (1..100, at least minimumCount). @default 3 */
  readonly maximumCount?: number;
}

/** The optional props of an {@link AgentEnvironment} besides `namePrefix`: what the platform's `environment` overrides take too. */
export interface AgentEnvironmentOptions {
  /** Use this existing resource group instead of creating one. @default - a resource group is created */
  readonly resourceGroupName?: string;
  /** Subnet (a /27 or larger, delegated to Microsoft.App/environments) for VNet integration. @default - no VNet integration */
  readonly infrastructureSubnetId?: string;
  /** Make the environment's load balancer internal (needs `infrastructureSubnetId`). @default false */
  readonly internalLoadBalancerEnabled?: boolean;
  /**
   * Create an Azure Container Registry (admin user disabled) and a user-assigned identity with AcrPull
   * that every app of the environment pulls with. `true` for the defaults. @default false
   */
  readonly containerRegistry?: boolean | ContainerRegistryOptions;
  /** An existing private registry apps pull from with a managed identity (not with `containerRegistry`). @default - none */
  readonly existingRegistry?: ExistingContainerRegistry;
  /**
   * Dedicated workload profiles besides the Consumption profile. The environment is always a workload-profiles (v2)
   * environment, so it supports user-defined routes and NAT gateways, and apps run on the Consumption profile
   * (up to 4 vCPU / 8 GiB per app) unless they name a dedicated one. @default - the Consumption profile only
   */
  readonly workloadProfiles?: readonly DedicatedWorkloadProfile[];
  /** Days Log Analytics keeps logs (30..730). @default 30 */
  readonly logRetentionDays?: number;
  /** Tags on every resource the environment creates. @default - none */
  readonly tags?: { readonly [name: string]: string };
}

/** Props of {@link AgentEnvironment}. */
export interface AgentEnvironmentProps extends AgentEnvironmentOptions {
  /** Azure region of every resource, e.g. "eastus2". */
  readonly location: string;
  /**
   * Readable start of every generated resource name; a hash of the construct path is appended so
   * that two environments never collide. @default - the construct id
   */
  readonly namePrefix?: string;
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
  /** Identity apps use to pull from the registry, when the environment created it (`containerRegistry` or `existingRegistry.resourceId`). */
  readonly pullIdentity?: UserAssignedIdentity;
  /** AcrPull role assignment of the pull identity, when the environment created it. */
  readonly pullRoleAssignment?: RoleAssignment;
  /** How apps pull from the private registry (created or existing), when there is one. */
  readonly registryPull?: RegistryPull;
  /** Names of the environment's workload profiles: "Consumption" and the dedicated ones. */
  readonly workloadProfiles: ReadonlyMap<string, WorkloadProfileType | typeof CONSUMPTION_WORKLOAD_PROFILE>;
  /** Tags applied to every resource. */
  readonly tags: Record<string, string>;

  constructor(scope: Construct, id: string, props: AgentEnvironmentProps) {
    super(scope, id);
    if (!props.location) invalid(this, "location is required (an Azure region such as \"eastus2\")");
    check(this, locationProblem("location", props.location));
    this.location = props.location;
    this.namePrefix = props.namePrefix ?? id;
    const normalizedPrefix = normalizedNamePrefix(this.namePrefix);
    if (normalizedPrefix !== this.namePrefix) {
      Annotations.of(this).addWarning(`namePrefix "${this.namePrefix}" appears as "${normalizedPrefix}" in generated names (lowercase letters, digits and '-'); give namePrefix in that form to silence this`);
    }
    this.tags = { ...props.tags };
    const retention = props.logRetentionDays ?? 30;
    checkInteger(this, "logRetentionDays", retention, 30, 730);
    if (props.containerRegistry && props.existingRegistry) {
      invalid(this, "containerRegistry and existingRegistry are both given", "Create a registry (containerRegistry) or use an existing one (existingRegistry), not both");
    }
    this.workloadProfiles = this.checkWorkloadProfiles(props.workloadProfiles ?? []);
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
      workloadProfile: [
        { name: CONSUMPTION_WORKLOAD_PROFILE, workloadProfileType: CONSUMPTION_WORKLOAD_PROFILE },
        ...(props.workloadProfiles ?? []).map((profile) => ({
          name: profile.name,
          workloadProfileType: profile.type,
          minimumCount: profile.minimumCount ?? 0,
          maximumCount: profile.maximumCount ?? 3,
        })),
      ],
    });

    if (props.containerRegistry) {
      const options = props.containerRegistry === true ? {} : props.containerRegistry;
      if (options.name !== undefined) check(this, nameProblem(options.name, NAME_RULES.containerRegistry));
      this.containerRegistry = new ContainerRegistry(this, "Registry", {
        ...placement,
        name: options.name ?? generateName({ parts: [this.namePrefix, "acr"], uniqueFrom: this.node.path, rule: NAME_RULES.containerRegistry, separator: "" }),
        sku: options.sku ?? ContainerRegistrySku.BASIC,
        adminEnabled: false,
      });
    }
    const source = this.containerRegistry
      ? { server: this.containerRegistry.loginServer, registryId: this.containerRegistry.id }
      : props.existingRegistry && this.existingRegistrySource(props.existingRegistry);
    if (source && source.registryId !== undefined) {
      this.pullIdentity = new UserAssignedIdentity(this, "PullIdentity", {
        ...placement,
        name: this.generateName("pull", NAME_RULES.userAssignedIdentity),
      });
      this.pullRoleAssignment = new RoleAssignment(this, "PullRoleAssignment", {
        scope: source.registryId,
        roleDefinitionName: "AcrPull",
        principalId: this.pullIdentity.principalId,
        principalType: "ServicePrincipal",
      });
      this.registryPull = { server: source.server, identityId: this.pullIdentity.id, roleAssignment: this.pullRoleAssignment, registryId: source.registryId };
    } else if (source) {
      this.registryPull = { server: source.server, identityId: source.identityId! };
    }
  }

  /** Login server of the private registry (created or existing, e.g. `myacr.azurecr.io`), when there is one. */
  get registryServer(): string | undefined {
    return this.registryPull?.server;
  }

  /** A valid, unique name for a child resource: namePrefix, a kind suffix and a hash of the construct path. */
  private generateName(kind: string, rule: NameRule): string {
    return generateName({ parts: [this.namePrefix, kind], uniqueFrom: `${this.node.path}/${kind}`, rule });
  }

  /** The checked server and registry id (a pull identity is created) or identity id (it already holds AcrPull). */
  private existingRegistrySource(registry: ExistingContainerRegistry): { server: string; registryId?: string; identityId?: string } {
    if (!registry.loginServer) invalid(this, "existingRegistry.loginServer is empty", 'Give the login server, e.g. "contoso.azurecr.io"');
    if ((registry.resourceId === undefined) === (registry.identityId === undefined)) {
      invalid(
        this,
        `existingRegistry needs exactly one of resourceId and identityId; got ${registry.resourceId === undefined ? "neither" : "both"}`,
        "Give resourceId to have a pull identity created with AcrPull on the registry, or identityId for an identity that already holds AcrPull",
      );
    }
    const registryName = registry.resourceId === undefined || Token.isUnresolved(registry.resourceId) ? undefined : /\/registries\/([^/]+)$/i.exec(registry.resourceId)?.[1];
    const serverName = Token.isUnresolved(registry.loginServer) ? undefined : registry.loginServer.split(".")[0];
    if (registryName !== undefined && serverName !== undefined && registryName.toLowerCase() !== serverName.toLowerCase()) {
      invalid(
        this,
        `existingRegistry.loginServer "${registry.loginServer}" is not the registry of resourceId (registry "${registryName}")`,
        `AcrPull would be granted on one registry while images are pulled from another: use loginServer "${registryName.toLowerCase()}.azurecr.io", or the resourceId of ${registry.loginServer}`,
      );
    }
    return { server: registry.loginServer, registryId: registry.resourceId, identityId: registry.identityId };
  }

  private checkWorkloadProfiles(profiles: readonly DedicatedWorkloadProfile[]): Map<string, WorkloadProfileType | typeof CONSUMPTION_WORKLOAD_PROFILE> {
    const byName = new Map<string, WorkloadProfileType | typeof CONSUMPTION_WORKLOAD_PROFILE>([[CONSUMPTION_WORKLOAD_PROFILE, CONSUMPTION_WORKLOAD_PROFILE]]);
    for (const [i, profile] of profiles.entries()) {
      const what = `workloadProfiles[${i}]`;
      check(this, nameProblem(profile.name ?? "", NAME_RULES.workloadProfile));
      if (byName.has(profile.name)) invalid(this, `${what}: workload profile name "${profile.name}" is used twice`, `"${CONSUMPTION_WORKLOAD_PROFILE}" is taken by the built-in profile; give each dedicated profile its own name`);
      checkOneOf(this, `${what}.type`, profile.type, Object.values(WorkloadProfileType));
      const minimum = profile.minimumCount ?? 0;
      const maximum = profile.maximumCount ?? 3;
      checkInteger(this, `${what}.minimumCount`, minimum, 0, 100);
      checkInteger(this, `${what}.maximumCount`, maximum, 1, 100);
      if (minimum > maximum) invalid(this, `${what}: minimumCount (${minimum}) is greater than maximumCount (${maximum})`);
      byName.set(profile.name, profile.type);
    }
    return byName;
  }
}
