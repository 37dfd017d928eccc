/**
 * Runtime module for agent containers: `import { AzureOpenAIPool } from "cdktf-azure-agent-platform/pool"`.
 * Framework-free: it never loads cdktf, constructs or the azurerm provider.
 */
export type { PoolSettings, PoolDeployment, PoolCosmosSettings, PoolAuthMode } from "../contract/settings";
