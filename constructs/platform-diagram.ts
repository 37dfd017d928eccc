import { DefaultTokenResolver, StringConcat, Token, Tokenization } from "cdktf";
import type { IConstruct } from "constructs";
import { formatNumber } from "../src/core/format";
import { componentDefaults } from "./platform-components";
import type { RetailCustomerServicePlatform } from "./retail-customer-service-platform";
import type { PoolGrantee } from "./pool-grantee";
import type { ScaledAgentApp } from "./scaled-agent-app";

/**
 * A Mermaid label: quoted, its lines joined by `<br/>`. Mermaid renders flowchart labels as HTML, so `&`, `"`, `<`
 * and `>` are written as HTML entities: a raw `"` would end the label, and `a<b` would be taken for a tag. (Mermaid's
 * own `#quot;` codes pass the parser but show as garbage in Mermaid 11.17.)
 */
function label(...lines: string[]): string {
  const escaped = lines.map((line) => line.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
  return `"${escaped.join("<br/>")}"`;
}

/**
 * A value for a label: itself when known, else the Terraform expression Terraform evaluates at deploy time
 * (`var.max_replicas` for `${var.max_replicas}`).
 */
function shown(scope: IConstruct, value: string | number): string {
  if (!Token.isUnresolved(value)) return typeof value === "number" ? formatNumber(value) : value;
  const expression = String(Tokenization.resolve(value, { scope, resolver: new DefaultTokenResolver(new StringConcat()) }));
  return /^\$\{[^{}]*\}$/.test(expression) ? expression.slice(2, -1) : expression;
}

/** "0-5 replicas"; with a bound Terraform only knows at deploy time, "replicas: min 0 / max var.max" (unambiguous). */
function replicaRange(scope: IConstruct, app: PoolGrantee): string {
  const [min, max] = [app.minReplicas, app.maxReplicas];
  if (!Token.isUnresolved(min) && !Token.isUnresolved(max)) return `${min}-${max} replicas`;
  return `replicas: min ${shown(scope, min)} / max ${shown(scope, max)}`;
}

/** The Container Apps environment of a granted app; undefined for an app that runs elsewhere (a KubernetesAgentApp on AKS). */
function environmentOf(app: PoolGrantee): unknown {
  return (app as Partial<ScaledAgentApp>).environment;
}

/** Hands out Mermaid ids: `prefix_name` with every character but letters and digits as `_`, suffixed when taken. */
function idAllocator(): (prefix: string, name: string) => string {
  const taken = new Set<string>();
  return (prefix, name) => {
    const base = `${prefix}_${name.replace(/[^A-Za-z0-9]/g, "_")}`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    return id;
  };
}

/**
 * A Mermaid flowchart of what the platform deploys, read from its public members: customers reach the apps with
 * external ingress (by default only the API gateway), the API gateway passes requests to the SLIM gateway, which
 * relays them to and from the agents; each app with its replica range; the Azure OpenAI deployments and the Cosmos
 * DB database, with an edge from every app granted them (an app outside the platform too). An agent added with
 * `addAgent` appears like the others; a count Terraform only knows at deploy time shows as its expression.
 */
export function platformDiagram(platform: RetailCustomerServicePlatform): string {
  const newId = idAllocator();
  const { openai, cosmos } = platform;
  const known = Object.entries(platform.apps).map(([name, app]) => ({ app, id: newId("app", name), title: componentDefaults(name).label }));
  const others = [...new Set([...openai.grantedApps, ...cosmos.grantedApps])]
    .filter((app) => !known.some((k) => k.app === app))
    .map((app) => ({ app, id: newId("app", app.node.path), title: shown(platform, app.appName) }));
  const ids = new Map<PoolGrantee, string>([...known, ...others].map(({ app, id }) => [app, id]));
  const appNode = (indent: string, { app, id, title }: { app: PoolGrantee; id: string; title: string }): string =>
    `${indent}${id}[${label(title, replicaRange(platform, app))}]`;
  const agents = known.filter(({ app }) => app !== platform.apiGateway && app !== platform.slimGateway);
  const severalAccounts = Object.keys(openai.accounts).length > 1;
  const deployments = openai.poolDeployments.map((pool, i) => {
    const name = shown(platform, pool.deployment);
    const model = openai.deployments[i]!.model.nameInput;
    const id = newId("openai", name);
    const title = `Azure OpenAI: ${name}${severalAccounts ? ` (${pool.region})` : ""}`;
    return { id, line: `    ${id}[(${label(title, ...(model === undefined ? [] : [shown(platform, model)]), `${shown(platform, pool.tokensPerMinute)} TPM`)})]` };
  });
  const cosmosId = newId("cosmos", "db");
  const lines = [
    "flowchart LR",
    `  customers([${label("Customers")}])`,
    `  subgraph environment[${label("Container Apps environment")}]`,
    ...[...known, ...others.filter(({ app }) => environmentOf(app) === platform.environment)].map((app) => appNode("    ", app)),
    "  end",
    ...others.filter(({ app }) => environmentOf(app) !== platform.environment).map((app) => appNode("  ", app)),
    `  subgraph services[${label("Azure AI and data")}]`,
    ...deployments.map((d) => d.line),
    `    ${cosmosId}[(${label(`Cosmos DB: ${shown(platform, cosmos.databaseName)}`)})]`,
    "  end",
    ...[...ids].filter(([app]) => (app as Partial<ScaledAgentApp>).ingress?.external).map(([, id]) => `  customers --> ${id}`),
    `  ${ids.get(platform.apiGateway)} --> ${ids.get(platform.slimGateway)}`,
    ...agents.map(({ id }) => `  ${ids.get(platform.slimGateway)} <--> ${id}`),
    ...openai.grantedApps.flatMap((app) => deployments.map((d) => `  ${ids.get(app)} -.-> ${d.id}`)),
    ...cosmos.grantedApps.map((app) => `  ${ids.get(app)} -.-> ${cosmosId}`),
  ];
  return `${lines.join("\n")}\n`;
}
