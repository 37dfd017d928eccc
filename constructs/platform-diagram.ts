import { TerraformStack, Token } from "cdktf";
import { formatNumber } from "../src/core/format";
import { componentDefaults } from "./platform-components";
import type { RetailCustomerServicePlatform } from "./retail-customer-service-platform";
import type { ScaledAgentApp } from "./scaled-agent-app";

/** A Mermaid label: quoted, with the characters Mermaid would read as syntax written as entities. */
function label(...lines: string[]): string {
  return `"${lines.map((line) => line.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;")).join("<br/>")}"`;
}

/**
 * A value for a label: itself when known, else the Terraform expression it stands for (`var.maxReplicas` for
 * `${var.maxReplicas}`), since Terraform only knows the value at deploy time.
 */
function shown(stack: TerraformStack, value: string | number): string {
  if (!Token.isUnresolved(value)) return typeof value === "number" ? formatNumber(value) : value;
  const expression = String(stack.resolve(value));
  return /^\$\{[^{}]*\}$/.test(expression) ? expression.slice(2, -1) : expression;
}

/** Hands out Mermaid ids: `prefix_name` with every character but letters and digits as `_`, and a suffix when taken. */
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
 * A Mermaid flowchart of what the platform deploys, read from its public members: customers reach every app with
 * external ingress (by default only the API gateway), which passes requests to the SLIM gateway, which relays them
 * between the agents; each app with its replica range; every Azure OpenAI account with its deployments and the
 * Cosmos DB database, with an edge from every app granted them (apps outside the platform too). An agent added with
 * `addAgent` appears like the others; a replica count Terraform only knows at deploy time shows as its expression.
 */
export function platformDiagram(platform: RetailCustomerServicePlatform): string {
  const stack = TerraformStack.of(platform);
  const newId = idAllocator();
  const { openai, cosmos } = platform;
  const platformApps = Object.entries(platform.apps).map(([name, app]) => ({ app, id: newId("app", name), title: componentDefaults(name).label }));
  const granted = [...new Set([...openai.grantedApps, ...cosmos.grantedApps])].filter((app) => !platformApps.some((known) => known.app === app));
  const otherApps = granted.map((app) => ({ app, id: newId("app", app.node.path), title: shown(stack, app.appName) }));
  const ids = new Map<ScaledAgentApp, string>([...platformApps, ...otherApps].map(({ app, id }) => [app, id]));
  const appNode = (indent: string, { app, id, title }: { app: ScaledAgentApp; id: string; title: string }): string =>
    `${indent}${id}[${label(title, `min ${shown(stack, app.minReplicas)} / max ${shown(stack, app.maxReplicas)}`)}]`;
  const inEnvironment = otherApps.filter(({ app }) => app.environment === platform.environment);
  const outside = otherApps.filter(({ app }) => app.environment !== platform.environment);

  const accounts = Object.entries(openai.accounts).map(([location, account]) => ({ location, account, id: newId("openai", location) }));
  const deploymentNodes = openai.poolDeployments.map((pool, i) => {
    const deployment = openai.deployments[i]!;
    const id = newId("openai", `${pool.region}_${pool.deployment}`);
    const model = deployment.model.nameInput;
    const tpm = `${shown(stack, pool.tokensPerMinute)} TPM`;
    return { region: pool.region, line: `      ${id}(${label(shown(stack, pool.deployment), ...(model === undefined ? [] : [shown(stack, model)]), tpm)})` };
  });
  const cosmosId = newId("cosmos", "db");
  const containers = Object.keys(cosmos.containers);
  const apiGateway = ids.get(platform.apiGateway)!;
  const slimGateway = ids.get(platform.slimGateway)!;
  const agents = platformApps.filter(({ app }) => app !== platform.apiGateway && app !== platform.slimGateway);

  const lines = [
    "flowchart LR",
    `  customers([${label("Customers")}])`,
    `  subgraph environment[${label("Container Apps environment")}]`,
    ...platformApps.map((app) => appNode("    ", app)),
    ...inEnvironment.map((app) => appNode("    ", app)),
    "  end",
    ...outside.map((app) => appNode("  ", app)),
    `  subgraph services[${label("Azure AI and data")}]`,
    ...accounts.flatMap(({ location, account, id }) => [
      `    subgraph ${id}[${label(`Azure OpenAI (${location})`, shown(stack, account.nameInput ?? account.friendlyUniqueId))}]`,
      ...deploymentNodes.filter((d) => d.region === location).map((d) => d.line),
      "    end",
    ]),
    `    ${cosmosId}[(${label(`Cosmos DB: ${shown(stack, cosmos.databaseName)}`, ...(containers.length === 0 ? [] : [`containers: ${containers.join(", ")}`]))})]`,
    "  end",
    ...[...ids].filter(([app]) => app.ingress?.external).map(([, id]) => `  customers --> ${id}`),
    `  ${apiGateway} --> ${slimGateway}`,
    ...agents.map(({ id }) => `  ${slimGateway} <--> ${id}`),
    ...openai.grantedApps.flatMap((app) => accounts.map((account) => `  ${ids.get(app)} -.-> ${account.id}`)),
    ...cosmos.grantedApps.map((app) => `  ${ids.get(app)} -.-> ${cosmosId}`),
  ];
  return `${lines.join("\n")}\n`;
}
