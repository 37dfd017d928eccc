import { type Template } from "./template";

/** The plain (non-secret) environment variables of the first container of the app whose logical id starts with `appId`. */
export function appEnvironment(template: Template, appId = "agent"): Record<string, string> {
  const app = template.resources("azurerm_container_app").find((resource) => resource.id.startsWith(`${appId}_`));
  if (app === undefined) throw new Error(`no azurerm_container_app with id ${appId}_*`);
  const env: Array<{ name: string; value?: string }> = app.props.template.container[0].env;
  return Object.fromEntries(env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
}

const ENDPOINT_HOSTS: Record<string, string> = {
  azurerm_cognitive_account: "openai.azure.com/",
  azurerm_cosmosdb_account: "documents.azure.com:443/",
};

/**
 * Replaces the Terraform expressions `${<type>.<id>.endpoint}` in env values with plausible values of what Terraform
 * resolves them to at deployment: `https://<account name>.openai.azure.com/` for Azure OpenAI accounts and
 * `https://<account name>.documents.azure.com:443/` for Cosmos DB accounts (the name read from the template).
 */
export function resolveEndpoints(template: Template, env: Record<string, string>): Record<string, string> {
  const resolve = (value: string) =>
    value.replace(/\$\{(azurerm_cognitive_account|azurerm_cosmosdb_account)\.([A-Za-z0-9_-]+)\.endpoint\}/g, (_match, type: string, id: string) => {
      return `https://${template.json.resource[type][id].name}.${ENDPOINT_HOSTS[type]}`;
    });
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, resolve(value)]));
}

/**
 * Paths of attribute names and string values anywhere in `json` that look like keys, connection strings or
 * secrets: `primary_key`-style attributes, references to `*_key` / `*_connection_string(s)` attributes,
 * `AccountKey=`, API-key variables.
 */
export function keyLikeContent(json: unknown, path = "$"): string[] {
  const keyName = /(^|_)(primary|secondary)_|access_key|account_key|master_key|connection_strings|api_key|admin_password/i;
  const keyValue = /\.(primary|secondary)_[a-z_]*(key|connection_string)\b|connection_strings|AccountKey=|_key\}|api-key|AZURE_OPENAI_API_KEY/i;
  if (typeof json === "string") return keyValue.test(json) ? [`${path} = ${json}`] : [];
  if (json === null || typeof json !== "object") return [];
  return Object.entries(json).flatMap(([name, value]) => [
    ...(keyName.test(name) ? [`${path}.${name}`] : []),
    ...keyLikeContent(value, `${path}.${name}`),
  ]);
}
