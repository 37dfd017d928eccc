import { TerraformVariable, Token } from "cdktf";
import { readFileSync } from "fs";
import { join } from "path";
import { RetailCustomerServicePlatform } from "../../constructs";
import { defaultDiagramBlock, withDiagram } from "../../scripts/readme-diagram";
import { synthesize, testStack } from "../support/template";

interface Diagram {
  readonly header: string;
  /** Node id to its label lines. */
  readonly nodes: ReadonlyMap<string, readonly string[]>;
  /** `from arrow to`. */
  readonly edges: readonly { readonly from: string; readonly arrow: string; readonly to: string }[];
}

/** Parses the subset of Mermaid flowchart syntax platformDiagram writes; throws on any other line. */
function parse(text: string): Diagram {
  const [header = "", ...lines] = text.trimEnd().split("\n");
  const nodes = new Map<string, string[]>();
  const edges: { from: string; arrow: string; to: string }[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    const node = /^([A-Za-z_][A-Za-z0-9_]*)(\[\(|\(\[|\[)"([^"]*)"(\)\]|\]\)|\])$/.exec(line);
    const edge = /^([A-Za-z_][A-Za-z0-9_]*) (-->|<-->|-\.->) ([A-Za-z_][A-Za-z0-9_]*)$/.exec(line);
    const subgraph = /^subgraph [A-Za-z_]+\["[^"]*"\]$/.exec(line);
    if (node) nodes.set(node[1]!, node[3]!.split("<br/>"));
    else if (edge) edges.push({ from: edge[1]!, arrow: edge[2]!, to: edge[3]! });
    else if (!subgraph && line !== "end") throw new Error(`unexpected line: ${raw}`);
  }
  return { header, nodes, edges };
}

function platform(stack = testStack()): RetailCustomerServicePlatform {
  return new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2", alerts: { emails: ["ops@example.com"] }, openAI: { lifecycleAsOf: "2026-12-01" } });
}

describe("platform.diagram()", () => {
  const stack = testStack();
  const cs = platform(stack);
  cs.addAgent("returns", { maxReplicas: 4 });
  const diagram = parse(cs.diagram());
  const apps = synthesize(stack).resources("azurerm_container_app");

  test("a Mermaid flowchart with one node per synthesized container app, showing its replica range", () => {
    expect(diagram.header).toBe("flowchart LR");
    expect(apps).toHaveLength(9);
    const appNodes = [...diagram.nodes.entries()].filter(([id]) => id.startsWith("app_"));
    expect(appNodes).toHaveLength(apps.length);
    for (const [name, app] of Object.entries(cs.apps)) {
      const template = apps.find((a) => a.props.name === app.resource.nameInput)!.props.template as { min_replicas: number; max_replicas: number };
      expect(diagram.nodes.get(`app_${name}`)?.[1]).toBe(`${template.min_replicas}-${template.max_replicas} replicas`);
    }
    expect(diagram.nodes.get("app_returns")).toEqual(["returns", "0-4 replicas"]);
  });

  test("edges: customers to the API gateway, the gateway to SLIM, SLIM to every agent (the added one too)", () => {
    const has = (from: string, arrow: string, to: string): boolean => diagram.edges.some((e) => e.from === from && e.arrow === arrow && e.to === to);
    expect(has("customers", "-->", "app_apiGateway")).toBe(true);
    expect(has("app_apiGateway", "-->", "app_slimGateway")).toBe(true);
    const agents = Object.keys(cs.apps).filter((name) => name !== "apiGateway" && name !== "slimGateway");
    expect(agents).toHaveLength(7);
    for (const agent of agents) expect(has("app_slimGateway", "<-->", `app_${agent}`)).toBe(true);
  });

  test("Azure OpenAI and Cosmos DB nodes, with an edge from exactly the apps granted them", () => {
    expect(diagram.nodes.get("openai_chat")).toEqual(["Azure OpenAI: chat", "gpt-5.6-sol", "200,000 TPM"]);
    expect(diagram.nodes.get("cosmos_db")).toEqual(["Cosmos DB: customer-service"]);
    const into = (to: string): string[] => diagram.edges.filter((e) => e.to === to && e.arrow === "-.->").map((e) => e.from).sort();
    expect(into("openai_chat")).toEqual(cs.openai.grantedApps.map((app) => `app_${app.node.id}`).sort());
    expect(into("cosmos_db")).toEqual(cs.cosmos.grantedApps.map((app) => `app_${app.node.id}`).sort());
    expect(into("openai_chat")).toHaveLength(7);
  });

  test("a replica range Terraform only knows at deploy time is shown as such", () => {
    const tokenStack = testStack();
    const cs2 = platform(tokenStack);
    const max = new TerraformVariable(tokenStack, "returnsMax", { type: "number", default: 4 });
    cs2.addAgent("returns", { maxReplicas: Token.asNumber(max.value) });
    expect(parse(cs2.diagram()).nodes.get("app_returns")).toEqual(["returns", "0-set at deploy replicas"]);
  });
});

test("the README's diagram is the default platform's, as `npm run docs:diagram` writes it", () => {
  const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
  expect(withDiagram(readme, defaultDiagramBlock())).toBe(readme);
  expect(readme).toContain("```mermaid\nflowchart LR\n");
});
