import { Token } from "cdktf";
import { formatNumber } from "../src/core/format";
import { componentDefaults } from "./platform-components";
import type { RetailCustomerServicePlatform } from "./retail-customer-service-platform";
import type { ScaledAgentApp } from "./scaled-agent-app";

/** A Mermaid label: quoted, with the characters Mermaid would read as syntax written as entities. */
function label(...lines: string[]): string {
  return `"${lines.map((line) => line.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;")).join("<br/>")}"`;
}

/** A replica count for a label: the number, or "set at deploy" when Terraform only knows it then. */
function count(value: number): string {
  return Token.isUnresolved(value) ? "set at deploy" : String(value);
}

/** A Mermaid node id from a component name: letters and digits only, prefixed so that it never starts with a digit. */
const nodeId = (prefix: string, name: string): string => `${prefix}_${name.replace(/[^A-Za-z0-9]/g, "_")}`;

/**
 * A Mermaid flowchart of what the platform deploys, read from its constructs: customers reach the API gateway, which
 * passes requests through the SLIM gateway to the agents; each app with its replica range; the Azure OpenAI
 * deployments and the Cosmos DB database with an edge from every app granted them. An agent added with `addAgent`
 * appears like the others.
 */
export function platformDiagram(platform: RetailCustomerServicePlatform): string {
  const apps = platform.apps;
  const ids = new Map<ScaledAgentApp, string>(Object.entries(apps).map(([name, app]) => [app, nodeId("app", name)]));
  const appNode = (name: string, app: ScaledAgentApp): string =>
    `    ${ids.get(app)}[${label(componentDefaults(name).label, `${count(app.minReplicas)}-${count(app.maxReplicas)} replicas`)}]`;
  const agents = Object.entries(apps).filter(([name]) => name !== "apiGateway" && name !== "slimGateway");
  const deployments = platform.openai.deployments.map((deployment, i) => {
    const name = deployment.nameInput ?? `deployment ${i + 1}`;
    const capacity = deployment.sku.capacityInput;
    const tpm = capacity === undefined || Token.isUnresolved(capacity) ? "TPM set at deploy" : `${formatNumber(capacity * 1000)} TPM`;
    return { id: nodeId("openai", name), line: `    ${nodeId("openai", name)}[(${label(`Azure OpenAI: ${name}`, deployment.model.nameInput ?? "", tpm)})]` };
  });
  const cosmosId = "cosmos_db";
  const lines = [
    "flowchart LR",
    `  customers([${label("Customers")}])`,
    `  subgraph environment[${label("Container Apps environment")}]`,
    appNode("apiGateway", platform.apiGateway),
    appNode("slimGateway", platform.slimGateway),
    ...agents.map(([name, app]) => appNode(name, app)),
    "  end",
    `  subgraph services[${label("Azure AI and data")}]`,
    ...deployments.map((d) => d.line),
    `    ${cosmosId}[(${label(`Cosmos DB: ${platform.cosmos.databaseName}`)})]`,
    "  end",
    `  customers --> ${ids.get(platform.apiGateway)}`,
    `  ${ids.get(platform.apiGateway)} --> ${ids.get(platform.slimGateway)}`,
    ...agents.map(([, app]) => `  ${ids.get(platform.slimGateway)} <--> ${ids.get(app)}`),
    ...platform.openai.grantedApps.flatMap((app) => deployments.map((d) => `  ${ids.get(app)} -.-> ${d.id}`)),
    ...platform.cosmos.grantedApps.map((app) => `  ${ids.get(app)} -.-> ${cosmosId}`),
  ];
  return `${lines.join("\n")}\n`;
}
