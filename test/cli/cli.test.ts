import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { RetailCustomerServicePlatform } from "../../constructs";
import { main } from "../../src/cli/main";
import { renderRunbook } from "../../src/operations/runbook";
import { readTerraformStack } from "../../src/operations/terraform-stack";
import { synthesize, testStack } from "../support/template";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "src", "cli", "main.ts");

/** Runs the bin's source in a child Node process, as `npx cdktf-azure-agent-platform ...` would run the compiled one. */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: join(ROOT, "tsconfig.dev.json") },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `main` in this process, capturing what it writes. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe("cdktf-azure-agent-platform runbook", () => {
  const dir = mkdtempSync(join(tmpdir(), "runbook-cli-"));
  const stack = testStack();
  new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2", openAI: { lifecycleAsOf: "2026-12-01" }, alerts: { emails: ["ops@example.com"] } });
  const json = synthesize(stack).json;
  const file = join(dir, "cdk.tf.json");
  writeFileSync(file, JSON.stringify(json, null, 2));
  const expected = renderRunbook(readTerraformStack(json));

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("a child process prints the runbook of a cdk.tf.json on stdout and exits 0", () => {
    const result = cli("runbook", file);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(expected);
  });

  test("a child process exits 2 with a clear message on a missing file", () => {
    const result = cli("runbook", join(dir, "missing.json"));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`cannot read ${join(dir, "missing.json")}: no such file`);
    expect(result.stderr).toContain("npx cdktf synth");
  });

  test("a child process exits 2 on an unknown command and lists the commands", () => {
    const result = cli("deploy");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command "deploy"');
    expect(result.stderr).toContain("cdktf-azure-agent-platform runbook <cdk.tf.json> [--out <file>]");
  });

  test("--out writes the file instead of stdout", async () => {
    const out = join(dir, "RUNBOOK.md");
    const result = await run("runbook", file, "--out", out);
    expect(result).toEqual({ code: 0, stdout: "", stderr: `wrote the runbook of ${file} to ${out}\n` });
    expect(readFileSync(out, "utf8")).toBe(expected);
    expect((await run("runbook", `--out=${out}`, file)).code).toBe(0);
  });

  test("--help prints the usage and exits 0; no arguments print it on stderr and exit 2", async () => {
    const help = await run("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cdktf-azure-agent-platform <command> \[options\]\n/);
    expect(help.stdout).toContain("runbook");
    expect(await run("runbook", "--help")).toEqual({ code: 0, stdout: "Usage: cdktf-azure-agent-platform runbook <cdk.tf.json> [--out <file>]\n", stderr: "" });
    const none = await run();
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(help.stdout);
  });

  test.each([
    [["runbook"], /runbook needs the path of a synthesized cdk.tf.json/],
    [["runbook", "a.json", "b.json"], /got a second one: b.json/],
    [["runbook", "a.json", "--out"], /--out needs a file name/],
    [["runbook", "a.json", "--verbose"], /unknown option --verbose/],
  ])("%j exits 2: %s", async (args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain("Usage: cdktf-azure-agent-platform runbook");
  });

  test("a file that is not JSON, or not a stack, exits 2", async () => {
    const notJson = join(dir, "not.json");
    writeFileSync(notJson, "resource {}");
    expect(await run("runbook", notJson)).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining(`${notJson} is not JSON`) }));
    const notStack = join(dir, "package.json");
    writeFileSync(notStack, JSON.stringify({ name: "x" }));
    expect(await run("runbook", notStack)).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining('has no "resource" block') }));
    expect(await run("runbook", dir)).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining("it is a directory") }));
  });
});
