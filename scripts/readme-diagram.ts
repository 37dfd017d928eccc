/**
 * Writes the default platform's architecture diagram (`platform.diagram()`) into README.md, between the
 * `<!-- diagram:start -->` and `<!-- diagram:end -->` markers: `npm run docs:diagram`. A test checks it is current.
 */
import { App, TerraformStack } from "cdktf";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { RetailCustomerServicePlatform } from "../constructs";
import { withReadmeBlock } from "./readme-block";

/** The diagram of the platform with its defaults, as a ```mermaid block. */
export function defaultDiagramBlock(): string {
  const stack = new TerraformStack(new App(), "readme");
  const platform = new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2" });
  return `\`\`\`mermaid\n${platform.diagram()}\`\`\``;
}

/** `readme` with the block between the diagram markers replaced by `block`. */
export function withDiagram(readme: string, block: string): string {
  return withReadmeBlock(readme, "diagram", block);
}

if (require.main === module) {
  const file = join(__dirname, "..", "README.md");
  writeFileSync(file, withDiagram(readFileSync(file, "utf8"), defaultDiagramBlock()));
  console.log("README.md: diagram updated");
}
