/**
 * Checks KQL offline with Microsoft's Kusto parser (`@kusto/language-service-next`): a query is parsed and bound
 * against table schemas given as Kusto schema strings, and the parser's diagnostics are returned. A query that
 * names a missing table or column, or misuses a function, has at least one error.
 */
import "@kusto/language-service-next/bridge.js";
import "@kusto/language-service-next";

/* eslint-disable @typescript-eslint/no-explicit-any -- the parser is a Bridge.NET build without usable typings for this use */
const Kusto = (globalThis as any).Kusto;

/** Tables by name, each a Kusto schema string such as `(timestamp:datetime, duration:real)`. */
export type KustoSchema = Readonly<Record<string, string>>;

/**
 * The classic Application Insights tables a log alert scoped to an Application Insights resource queries (Microsoft
 * Learn, "Application Insights telemetry data model"; `duration` is in milliseconds). Only the columns the library
 * reads, plus the common ones.
 */
export const APPLICATION_INSIGHTS_SCHEMA: KustoSchema = {
  requests:
    "(timestamp:datetime, id:string, name:string, url:string, success:bool, resultCode:string, duration:real, itemCount:int, " +
    "operation_Id:string, operation_Name:string, cloud_RoleName:string, cloud_RoleInstance:string, appName:string)",
  dependencies:
    "(timestamp:datetime, id:string, target:string, type:string, name:string, data:string, success:bool, resultCode:string, duration:real, itemCount:int, " +
    "operation_Id:string, cloud_RoleName:string, cloud_RoleInstance:string)",
  exceptions: "(timestamp:datetime, type:string, message:string, outerMessage:string, itemCount:int, operation_Id:string, cloud_RoleName:string, cloud_RoleInstance:string)",
  traces: "(timestamp:datetime, message:string, severityLevel:int, itemCount:int, operation_Id:string, cloud_RoleName:string, cloud_RoleInstance:string)",
};

/** Error and warning messages of `query` bound against `schema`; empty when the parser finds nothing wrong. */
export function kustoDiagnostics(query: string, schema: KustoSchema): string[] {
  const K = Kusto.Language;
  const tables = Object.entries(schema).map(([name, columns]) => new K.Symbols.TableSymbol.$ctor7(name, columns, null));
  const globals = K.GlobalState.Default.WithDatabase(new K.Symbols.DatabaseSymbol.ctor("db", tables));
  const diagnostics = K.KustoCode.ParseAndAnalyze(query, globals).GetDiagnostics();
  const messages: string[] = [];
  for (let i = 0; i < diagnostics.Count; i++) {
    const diagnostic = diagnostics.getItem(i);
    messages.push(`${diagnostic.Severity}: ${diagnostic.Message}`);
  }
  return messages;
}

/**
 * The Log Analytics workspace tables a workspace-scoped query reads: the Container Apps logs as an environment whose
 * logs destination is `log-analytics` writes them, as custom tables with typed suffixes (`_s` string, `_d` number,
 * `_g` GUID; TimeGenerated unsuffixed). The columns are those of Microsoft Learn's Azure Monitor reference for the
 * ContainerAppSystemLogs / ContainerAppConsoleLogs tables (ContainerAppName, EnvironmentName, RevisionName,
 * ReplicaName, Reason, Log, Type, ...; ContainerGroupName, ContainerImage, ContainerName, Stream, ...) with the suffixes
 * of "Monitor logs in Azure Container Apps with Log Analytics" (e.g. ContainerAppName_s, Log_s). Only the columns the
 * library reads, plus the common ones.
 */
export const LOG_ANALYTICS_SCHEMA: KustoSchema = {
  ContainerAppSystemLogs_CL:
    "(TimeGenerated:datetime, ContainerAppName_s:string, EnvironmentName_s:string, RevisionName_s:string, ReplicaName_s:string, " +
    "Reason_s:string, Log_s:string, Type_s:string, EventSource_s:string, Count_d:real, JobName_s:string, _ResourceId:string)",
  ContainerAppConsoleLogs_CL:
    "(TimeGenerated:datetime, ContainerAppName_s:string, EnvironmentName_s:string, RevisionName_s:string, ContainerGroupName_s:string, " +
    "ContainerGroupId_g:guid, ContainerId_s:string, ContainerImage_s:string, ContainerName_s:string, Stream_s:string, Log_s:string, _ResourceId:string)",
};
