/**
 * Scenario (2) of `npm run bench:synth`, the floor: floor-platform.ts with the provider's resource classes
 * deep-imported (house rule 1), no library code. BENCH_PLATFORMS platforms in one stack.
 */
import * as applicationInsights from "@cdktf/provider-azurerm/lib/application-insights";
import * as cognitiveAccount from "@cdktf/provider-azurerm/lib/cognitive-account";
import * as cognitiveDeployment from "@cdktf/provider-azurerm/lib/cognitive-deployment";
import * as containerApp from "@cdktf/provider-azurerm/lib/container-app";
import * as containerAppEnvironment from "@cdktf/provider-azurerm/lib/container-app-environment";
import * as containerRegistry from "@cdktf/provider-azurerm/lib/container-registry";
import * as cosmosdbAccount from "@cdktf/provider-azurerm/lib/cosmosdb-account";
import * as cosmosdbSqlContainer from "@cdktf/provider-azurerm/lib/cosmosdb-sql-container";
import * as cosmosdbSqlDatabase from "@cdktf/provider-azurerm/lib/cosmosdb-sql-database";
import * as cosmosdbSqlRoleAssignment from "@cdktf/provider-azurerm/lib/cosmosdb-sql-role-assignment";
import * as logAnalyticsWorkspace from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import * as monitorActionGroup from "@cdktf/provider-azurerm/lib/monitor-action-group";
import * as monitorMetricAlert from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import * as monitorScheduledQueryRulesAlertV2 from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import * as provider from "@cdktf/provider-azurerm/lib/provider";
import * as resourceGroup from "@cdktf/provider-azurerm/lib/resource-group";
import * as roleAssignment from "@cdktf/provider-azurerm/lib/role-assignment";
import * as userAssignedIdentity from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { type ProviderModules, runFloorApp } from "./floor-platform";

const azurerm: ProviderModules = {
  applicationInsights, cognitiveAccount, cognitiveDeployment, containerApp, containerAppEnvironment, containerRegistry, cosmosdbAccount,
  cosmosdbSqlContainer, cosmosdbSqlDatabase, cosmosdbSqlRoleAssignment, logAnalyticsWorkspace, monitorActionGroup, monitorMetricAlert,
  monitorScheduledQueryRulesAlertV2, provider, resourceGroup, roleAssignment, userAssignedIdentity,
};

runFloorApp(azurerm);
