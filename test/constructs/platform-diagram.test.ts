import { execFileSync } from "child_process";
import { Fn, Op, TerraformVariable, Token } from "cdktf";
import { readFileSync } from "fs";
import { join, resolve } from "path";
import { AgentEnvironment, DEFAULT_CHAT_MODEL, RetailCustomerServicePlatform, type RetailCustomerServicePlatformProps, ScaledAgentApp } from "../../constructs";
import { defaultDiagramBlock, withDiagram } from "../../scripts/readme-diagram";
import { synthesize, testStack } from "../support/template";

interface Diagram {
  readonly header: string;
  /** Node id to its label lines and the subgraph it is declared in. */
  readonly nodes: ReadonlyMap<string, { readonly lines: readonly string[]; readonly parent?: string }>;
  /** Subgraph ids. */
  readonly subgraphs: ReadonlySet<string>;
  /** `from arrow to`. */
  readonly edges: readonly { readonly from: string; readonly arrow: string; readonly to: string }[];
}

/**
 * Parses the subset of Mermaid flowchart syntax platformDiagram writes; throws on any other line, on an id declared
 * twice and on an edge to an id never declared.
 */
function parse(text: string): Diagram {
  const [header = "", ...lines] = text.trimEnd().split("\n");
  const nodes = new Map<string, { lines: string[]; parent?: string }>();
  const subgraphs = new Set<string>();
  const edges: { from: string; arrow: string; to: string }[] = [];
  const open: string[] = [];
  const declare = (id: string): void => {
    if (nodes.has(id) || subgraphs.has(id)) throw new Error(`id declared twice: ${id}`);
  };
  for (const raw of lines) {
    const line = raw.trim();
    const node = /^([A-Za-z_][A-Za-z0-9_]*)(\[\(|\(\[|\[)"([^"]*)"(\)\]|\]\)|\])$/.exec(line);
    const edge = /^([A-Za-z_][A-Za-z0-9_]*) (-->|<-->|-\.->) ([A-Za-z_][A-Za-z0-9_]*)$/.exec(line);
    const subgraph = /^subgraph ([A-Za-z_][A-Za-z0-9_]*)\["[^"]*"\]$/.exec(line);
    if (node) {
      declare(node[1]!);
      nodes.set(node[1]!, { lines: node[3]!.split("<br/>"), parent: open.at(-1) });
    } else if (edge) edges.push({ from: edge[1]!, arrow: edge[2]!, to: edge[3]! });
    else if (subgraph) {
      declare(subgraph[1]!);
      subgraphs.add(subgraph[1]!);
      open.push(subgraph[1]!);
    } else if (line === "end" && open.length > 0) open.pop();
    else throw new Error(`unexpected line: ${raw}`);
  }
  if (open.length > 0) throw new Error(`subgraph not closed: ${open.join(", ")}`);
  for (const { from, to } of edges) {
    for (const id of [from, to]) if (!nodes.has(id) && !subgraphs.has(id)) throw new Error(`edge to an undeclared id: ${id}`);
  }
  return { header, nodes, subgraphs, edges };
}

/** The platform's node ids of `apps` (component name = construct id). */
const idsOf = (apps: readonly { node: { id: string } }[]): string[] => apps.map((app) => `app_${app.node.id}`).sort();

/** The ids with an edge `arrow` into `to`. */
const into = (diagram: Diagram, to: string, arrow = "-.->"): string[] =>
  diagram.edges
    .filter((e) => e.to === to && e.arrow === arrow)
    .map((e) => e.from)
    .sort();

function platform(stack = testStack(), props: Partial<RetailCustomerServicePlatformProps> = {}): RetailCustomerServicePlatform {
  return new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2", alerts: { emails: ["ops@example.com"] }, ...props, openAI: { lifecycleAsOf: "2026-12-01", ...props.openAI } });
}

/** The platform with an agent added by `addAgent`. */
function withAddedAgent() {
  const stack = testStack();
  const cs = platform(stack);
  cs.addAgent("returns", { maxReplicas: 4 });
  return { stack, cs };
}

/** An added agent whose replica range comes from Terraform variables (the floor through an expression with quotes, & and >). */
function withTokenReplicas() {
  const stack = testStack();
  const cs = platform(stack);
  const environment = new TerraformVariable(stack, "environment", { type: "string", default: "prod" });
  const max = new TerraformVariable(stack, "returnsMax", { type: "number", default: 4 });
  const returns = cs.addAgent("returns", { minReplicas: Token.asNumber(Fn.conditional(Op.and(Op.eq(environment.value, "prod"), Op.gt(max.value, 2)), 1, 0)), maxReplicas: Token.asNumber(max.value) });
  return { stack, cs, returns };
}

/** Deployments of the same name in two locations (two accounts). */
function inTwoLocations() {
  const deployment = { name: "chat", model: DEFAULT_CHAT_MODEL.model, modelVersion: DEFAULT_CHAT_MODEL.version, tokensPerMinute: 100_000 };
  return { cs: platform(testStack(), { openAI: { deployments: [deployment, { ...deployment, location: "swedencentral" }] } }) };
}

/** Apps outside the platform: one in its environment granted Cosmos DB, one in another environment granted Azure OpenAI. */
function withOutsideApps() {
  const stack = testStack();
  const cs = platform(stack);
  const reporting = new ScaledAgentApp(stack, "reporting", { environment: cs.environment, image: "example.azurecr.io/reporting:v1", maxReplicas: 2 });
  cs.cosmos.grantTo(reporting);
  const elsewhere = new AgentEnvironment(stack, "batch-env", { location: "eastus2", namePrefix: "batch" });
  const batch = new ScaledAgentApp(stack, "batch", { environment: elsewhere, image: "example.azurecr.io/batch:v1", maxReplicas: 1 });
  cs.openai.grantTo(batch);
  return { cs, reporting, batch };
}

describe("platform.diagram()", () => {
  const { stack, cs } = withAddedAgent();
  const diagram = parse(cs.diagram());
  const apps = synthesize(stack).resources("azurerm_container_app");

  test("a Mermaid flowchart with exactly one node per synthesized container app, showing its replica range", () => {
    expect(diagram.header).toBe("flowchart LR");
    expect(apps).toHaveLength(9);
    const appNodes = [...diagram.nodes].filter(([, node]) => node.parent === "environment");
    expect(appNodes).toHaveLength(apps.length);
    for (const { props } of apps) {
      const components = Object.entries(cs.apps).filter(([, app]) => app.appName === props.name);
      expect(components).toHaveLength(1);
      const { min_replicas: min, max_replicas: max } = props.template as { min_replicas: number; max_replicas: number };
      expect(diagram.nodes.get(`app_${components[0]![0]}`)?.lines[1]).toBe(`${min}-${max} replicas`);
    }
    expect(diagram.nodes.get("app_apiGateway")?.lines).toEqual(["API Gateway", "0-10 replicas"]);
    expect(diagram.nodes.get("app_returns")?.lines).toEqual(["returns", "0-4 replicas"]);
  });

  test("edges: customers to the API gateway only, the gateway to SLIM, SLIM to every agent (the added one too)", () => {
    expect(diagram.edges.filter((e) => e.from === "customers")).toEqual([{ from: "customers", arrow: "-->", to: "app_apiGateway" }]);
    expect(into(diagram, "app_slimGateway", "-->")).toEqual(["app_apiGateway"]);
    const agents = Object.values(cs.agents);
    expect(agents).toHaveLength(7);
    expect(diagram.edges.filter((e) => e.arrow === "<-->").map((e) => (e.from === "app_slimGateway" ? e.to : undefined))).toEqual(agents.map((app) => `app_${app.node.id}`));
    expect(into(diagram, "app_returns", "<-->")).toEqual(["app_slimGateway"]);
  });

  test("Azure OpenAI and Cosmos DB nodes, with an edge from exactly the apps granted them", () => {
    expect(diagram.nodes.get("openai_chat")).toEqual({ lines: ["Azure OpenAI: chat", DEFAULT_CHAT_MODEL.model, "221,000 TPM"], parent: "services" });
    expect(diagram.nodes.get("cosmos_db")).toEqual({ lines: ["Cosmos DB: customer-service"], parent: "services" });
    expect(into(diagram, "openai_chat")).toEqual(idsOf(cs.openai.grantedApps));
    expect(into(diagram, "cosmos_db")).toEqual(idsOf(cs.cosmos.grantedApps));
    expect(into(diagram, "openai_chat")).toContain("app_returns");
    expect(into(diagram, "openai_chat")).toHaveLength(7);
  });
});

test("a replica count Terraform only knows at deploy time shows as its expression, HTML-escaped", () => {
  const { stack, cs, returns } = withTokenReplicas();
  const diagram = parse(cs.diagram());
  const synthesized = synthesize(stack).findOne("azurerm_container_app", { name: returns.appName }).props.template as { min_replicas: unknown; max_replicas: unknown };
  expect(synthesized).toMatchObject({ min_replicas: '${((var.environment == "prod") && (var.returnsMax > 2)) ? 1 : 0}', max_replicas: "${var.returnsMax}" });
  expect(diagram.nodes.get("app_returns")?.lines).toEqual(["returns", "replicas: min ((var.environment == &quot;prod&quot;) &amp;&amp; (var.returnsMax &gt; 2)) ? 1 : 0 / max var.returnsMax"]);
});

test("a deployment name in two locations gives two nodes, each with an edge from every granted app", () => {
  const { cs } = inTwoLocations();
  const diagram = parse(cs.diagram());
  expect(diagram.nodes.get("openai_chat")?.lines).toEqual(["Azure OpenAI: chat (eastus2)", DEFAULT_CHAT_MODEL.model, "100,000 TPM"]);
  expect(diagram.nodes.get("openai_chat_2")?.lines).toEqual(["Azure OpenAI: chat (swedencentral)", DEFAULT_CHAT_MODEL.model, "100,000 TPM"]);
  expect(into(diagram, "openai_chat")).toEqual(idsOf(cs.openai.grantedApps));
  expect(into(diagram, "openai_chat_2")).toEqual(idsOf(cs.openai.grantedApps));
});

test("apps outside the platform that are granted a service appear, in the environment box only when they run there", () => {
  const { cs, reporting, batch } = withOutsideApps();
  const diagram = parse(cs.diagram());
  expect(diagram.nodes.get("app_test_reporting")).toEqual({ lines: [reporting.appName, "0-2 replicas"], parent: "environment" });
  expect(diagram.edges.filter((e) => e.from === "app_test_reporting")).toEqual([{ from: "app_test_reporting", arrow: "-.->", to: "cosmos_db" }]);
  expect(diagram.nodes.get("app_test_batch")).toEqual({ lines: [batch.appName, "0-1 replicas"], parent: undefined });
  expect(diagram.edges.filter((e) => e.from === "app_test_batch")).toEqual([{ from: "app_test_batch", arrow: "-.->", to: "openai_chat" }]);
});

test.each(["README.md", "docs/diagram.md"])("the diagram embedded in %s is the default platform's, as it draws it now", (file) => {
  const text = readFileSync(join(__dirname, "..", "..", file), "utf8");
  expect(withDiagram(text, defaultDiagramBlock())).toBe(text);
  expect(text).toContain("```mermaid\nflowchart LR\n");
});

/** The root of the installation that holds the optional `mermaid` package, when there is one. */
const mermaidRoot = ((): string | undefined => {
  try {
    return resolve(require.resolve("mermaid/package.json"), "..", "..", "..");
  } catch {
    return undefined;
  }
})();

/**
 * Parses each diagram of stdin (a JSON array) with Mermaid's own parser in a Node ES module (mermaid is ESM-only)
 * and prints the diagram type of each, or its parse error. Without a DOM, DOMPurify has no hooks and no sanitize:
 * checking the syntax needs neither, so they pass text through.
 */
const MERMAID_CHECK = `
import DOMPurify from "dompurify";
import { readFileSync } from "node:fs";
DOMPurify.addHook ??= () => {};
DOMPurify.sanitize ??= (text) => text;
const { default: mermaid } = await import("mermaid");
const results = [];
for (const text of JSON.parse(readFileSync(0, "utf8"))) {
  try { results.push((await mermaid.parse(text)).diagramType); } catch (error) { results.push("error: " + error.message); }
}
process.stdout.write(JSON.stringify(results));
`;

(mermaidRoot === undefined ? test.skip : test)("the diagrams of every case above pass Mermaid's flowchart parser (needs the mermaid devDependency)", () => {
  const drawn = [platform(), withAddedAgent().cs, withTokenReplicas().cs, inTwoLocations().cs, withOutsideApps().cs].map((cs) => cs.diagram());
  const broken = 'flowchart LR\n  a["a "quoted" label"] --> b\n';
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", MERMAID_CHECK], { cwd: mermaidRoot, input: JSON.stringify([broken, ...drawn]), encoding: "utf8" });
  const [brokenResult, ...results] = JSON.parse(output) as string[];
  expect(brokenResult).toMatch(/^error: Parse error/);
  expect(results).toEqual(drawn.map(() => "flowchart-v2"));
});
