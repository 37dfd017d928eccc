import { join, sep } from "node:path";
import { frameworkProblem, ownManifest } from "../../constructs/framework-check";

const CDKTF_FLAVOUR = { name: "cdktf-azure-agent-platform", peerDependencies: { cdktf: ">=0.21.0 <0.22.0", "@cdktf/provider-azurerm": "^14.23.1", constructs: "^10.4.2" } };
const CDKTN_FLAVOUR = { name: "cdktn-azure-agent-platform", peerDependencies: { cdktn: "^0.24.0", "@cdktn/provider-azurerm": "^16.1.0", constructs: "^10.6.0" } };
const only = (...modules: string[]) => (module: string) => modules.some((name) => module === name || module.startsWith(`${name}/`));
const loaded = (name: string) => [join(`${sep}app`, "node_modules", name, "lib", "index.js")];

describe("frameworkProblem", () => {
  test("none when the flavour's framework, provider and constructs resolve and the other framework is not loaded", () => {
    expect(frameworkProblem(CDKTF_FLAVOUR, only("cdktf", "@cdktf/provider-azurerm", "constructs"), loaded("constructs"))).toBeUndefined();
    expect(frameworkProblem(CDKTN_FLAVOUR, only("cdktn", "@cdktn/provider-azurerm", "constructs"), loaded("cdktn"))).toBeUndefined();
  });

  test("the cdktf flavour in a cdktn app: needs cdktf, points to cdktn-azure-agent-platform, lists what to install", () => {
    const problem = frameworkProblem(CDKTF_FLAVOUR, only("cdktn", "@cdktn/provider-azurerm", "constructs"), []);
    expect(problem).toBe(
      "cdktf-azure-agent-platform: this package needs cdktf; for CDK Terrain install cdktn-azure-agent-platform. " +
        'Not installed: cdktf, @cdktf/provider-azurerm. For CDK for Terraform, install them: npm install "cdktf@>=0.21.0 <0.22.0" "@cdktf/provider-azurerm@^14.23.1"',
    );
  });

  test("the cdktn flavour in a cdktf app: needs cdktn, points to cdktf-azure-agent-platform", () => {
    const problem = frameworkProblem(CDKTN_FLAVOUR, only("cdktf", "@cdktf/provider-azurerm", "constructs"), []);
    expect(problem).toMatch(/^cdktn-azure-agent-platform: this package needs cdktn; for CDK for Terraform install cdktf-azure-agent-platform\. Not installed: cdktn, @cdktn\/provider-azurerm\./);
  });

  test("a missing provider or constructs alone is named", () => {
    expect(frameworkProblem(CDKTF_FLAVOUR, only("cdktf"), [])).toContain("Not installed: @cdktf/provider-azurerm, constructs.");
  });

  test("both frameworks installed, the app already loaded the other one: the stacks would not hold this flavour's resources", () => {
    const problem = frameworkProblem(CDKTF_FLAVOUR, only("cdktf", "@cdktf/provider-azurerm", "constructs", "cdktn"), loaded("cdktn"));
    expect(problem).toContain("this package needs cdktf; for CDK Terrain install cdktn-azure-agent-platform. This app has already loaded cdktn");
  });
});

test("ownManifest reads the nearest package.json: the repository's for the sources", () => {
  expect(ownManifest(join(__dirname, "..", "..", "constructs")).name).toBe("cdktf-azure-agent-platform");
  expect(() => ownManifest(sep)).toThrow(/no package.json above/);
});
