/**
 * Writes the default platform's architecture diagram (`platform.diagram()`) into README.md, between the
 * `<!-- diagram:start -->` and `<!-- diagram:end -->` markers: `npm run docs:diagram`. A test checks it is current.
 */
import { App, TerraformStack } from "cdktf";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { RetailCustomerServicePlatform } from "../constructs";

const START = "<!-- diagram:start -->";
const END = "<!-- diagram:end -->";

/** The diagram of the platform with its defaults, as a ```mermaid block. */
export function defaultDiagramBlock(): string {
  const stack = new TerraformStack(new App(), "readme");
  const platform = new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2" });
  return `\`\`\`mermaid\n${platform.diagram()}\`\`\``;
}

/** `readme` with the block between the markers replaced by `block`. */
export function withDiagram(readme: string, block: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} ... ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n${block}\n${readme.slice(end)}`;
}

if (require.main === module) {
  const file = join(__dirname, "..", "README.md");
  writeFileSync(file, withDiagram(readFileSync(file, "utf8"), defaultDiagramBlock()));
  console.log("README.md: diagram updated");
}
