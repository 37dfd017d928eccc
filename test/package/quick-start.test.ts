/**
 * The README's "Quick start", run as a user would: its files are read from README.md (every fenced block of the
 * section that follows a line "`<file name>`:"; the unlabelled sh blocks are the commands), written into an empty
 * folder, the package is installed there from `npm pack`'s tarball, and the README's `npm run synth` runs
 * `cdktf synth` (cdktf-cli, ts-node and TypeScript linked from this repository's node_modules) to Terraform JSON.
 *
 * The README's install line needs the registry, so it is not run: the test checks that it names every package of
 * the README's package.json, at the same versions, and the installation uses test/support/packed-package.ts instead
 * (the tarball extracted, every other package linked after checking its version against the README's range), with
 * an empty npm cache and an unreachable (loopback) registry: see that module for why not `npm install`.
 *
 * cdktf-cli 0.21.0 loads node-pty at start, which ships binaries only for the Node ABIs it was built for (up to
 * Node 22); on a Node without one (Node 24) the CLI cannot start, as the README says. There the test checks that
 * it indeed fails for that reason and runs cdktf.json's `app` command instead, which is what `cdktf synth` runs.
 */
import { execSync, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expectValidProviderSchema } from "../support/provider-schema";
import { closedLoopbackPort, installIntoConsumer, isolatedEnvironment, packRepository, repositoryRoot, scratchFolder, type PackageManifest } from "../support/packed-package";
import { Template } from "../support/template";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

interface QuickStart {
  /** File name -> content, from the blocks that follow a "`<file name>`:" line. */
  readonly files: ReadonlyMap<string, string>;
  /** The lines of the sh blocks, without comments and blank lines. */
  readonly commands: readonly string[];
}

/** The "## Quick start" section of a README: everything up to the next "## " heading. */
function parseQuickStart(markdown: string): QuickStart {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => /^## Quick start\s*$/.test(line));
  if (start === -1) throw new Error('README.md has no "## Quick start" section');
  const next = lines.findIndex((line, i) => i > start && /^## /.test(line));
  const end = next === -1 ? lines.length : next;
  const files = new Map<string, string>();
  const commands: string[] = [];
  for (let i = start + 1; i < end; i++) {
    const fence = /^(`{3,})\s*([\w-]*)\s*$/.exec(lines[i]!);
    if (!fence) continue;
    const close = lines.findIndex((line, j) => j > i && line.trim() === fence[1]);
    if (close === -1 || close >= end) throw new Error(`README.md line ${i + 1}: the code block is not closed within the Quick start`);
    const body = lines.slice(i + 1, close);
    let label = i - 1;
    while (label > start && lines[label]!.trim() === "") label--;
    const file = /^`([^`]+)`:$/.exec(lines[label]!.trim());
    if (file) {
      if (files.has(file[1]!)) throw new Error(`README.md line ${i + 1}: a second block for ${file[1]}`);
      files.set(file[1]!, body.join("\n") + "\n");
    } else if (["sh", "bash", "shell"].includes(fence[2]!)) {
      commands.push(...body.map((line) => line.replace(/(^|\s)#.*$/, "").trim()).filter((line) => line !== ""));
    } else {
      throw new Error(`README.md line ${i + 1}: a ${fence[2] || "plain"} block in the Quick start without a "\`<file name>\`:" line before it`);
    }
    i = close;
  }
  return { files, commands };
}

/** The packages of an `npm install a b@1 @scope/c@^2` line: name -> spec (a bare name is `latest`, as npm reads it). */
function installedBy(line: string): Record<string, string> {
  const [, , ...args] = line.split(/\s+/);
  return Object.fromEntries(
    args
      .map((arg) => arg.replace(/^["']|["']$/g, ""))
      .filter((arg) => !arg.startsWith("-"))
      .map((arg) => {
        const at = arg.indexOf("@", 1);
        return at === -1 ? [arg, "latest"] : [arg.slice(0, at), arg.slice(at + 1)];
      }),
  );
}

/** Why cdktf-cli cannot start on this Node (its node-pty does not load), or undefined when it can. */
function cdktfCliProblem(): string | undefined {
  let nodePty: string;
  try {
    nodePty = require.resolve("@cdktf/node-pty-prebuilt-multiarch", { paths: [realpathSync(join(repositoryRoot, "node_modules", "cdktf-cli"))] });
  } catch {
    return undefined; // a cdktf-cli without node-pty: running it will tell
  }
  const loaded = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(nodePty)})`], { encoding: "utf8" });
  return loaded.status === 0 ? undefined : `node-pty has no binary for Node ${process.versions.node} (ABI ${process.versions.modules})`;
}

const quickStart = parseQuickStart(readFileSync(join(repositoryRoot, "README.md"), "utf8"));
const readmePackage = JSON.parse(quickStart.files.get("package.json") ?? "{}") as PackageManifest;
const cliProblem = cdktfCliProblem();
let scratch: string;
let consumer: string;
let env: NodeJS.ProcessEnv;

function run(command: string, args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd: consumer, env, encoding: "utf8", timeout: 180_000 });
}

function expectSucceeded(result: SpawnSyncReturns<string>, what: string): void {
  if (result.status !== 0) throw new Error(`${what} failed (${result.error ?? `exit ${result.status}`}):\n${result.stdout}\n${result.stderr}`);
}

/** The one stack of cdktf.out, checked against the provider's schema. */
function synthesizedStack(): Template {
  const stacks = readdirSync(join(consumer, "cdktf.out", "stacks"));
  expect(stacks).toHaveLength(1);
  const json = JSON.parse(readFileSync(join(consumer, "cdktf.out", "stacks", stacks[0]!, "cdk.tf.json"), "utf8"));
  expectValidProviderSchema(json);
  return new Template(json);
}

function expectThePlatform(template: Template): void {
  expect(template.count("azurerm_container_app")).toBe(8);
  expect(template.find("azurerm_container_app", { ingress: { external_enabled: true } })).toHaveLength(1);
}

beforeAll(async () => {
  scratch = scratchFolder("agent-platform-quick-start-");
  env = isolatedEnvironment(scratch, await closedLoopbackPort());
  const packed = packRepository(scratch, env);
  consumer = join(scratch, "my-platform");
  mkdirSync(consumer);
  for (const [file, content] of quickStart.files) writeFileSync(join(consumer, file), content);
  installIntoConsumer(consumer, packed);
}, 240_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test("the Quick start gives package.json, tsconfig.json, cdktf.json and main.ts, one install line and `npm run synth`", () => {
  expect([...quickStart.files.keys()].sort()).toEqual(["cdktf.json", "main.ts", "package.json", "tsconfig.json"]);
  expect(quickStart.commands.filter((line) => /^npm (install|i) /.test(line))).toHaveLength(1);
  expect(quickStart.commands).toContain("npm run synth");
  expect(readmePackage.scripts?.synth).toBe("cdktf synth");
  const cdktfJson = JSON.parse(quickStart.files.get("cdktf.json")!);
  expect(cdktfJson).toMatchObject({ language: "typescript", app: "npx ts-node main.ts", sendCrashReports: false });
});

test("its install line names every package of its package.json, at the same versions", () => {
  const installLine = quickStart.commands.find((line) => /^npm (install|i) /.test(line))!;
  expect(installedBy(installLine)).toEqual({ ...readmePackage.devDependencies, ...readmePackage.dependencies });
});

(cliProblem === undefined ? test : test.skip)(
  "`npm run synth` (cdktf synth with this repository's cdktf-cli) turns the Quick start into the platform's Terraform JSON",
  () => {
    expectSucceeded(run(npm, ["run", "synth"]), "npm run synth");
    expectThePlatform(synthesizedStack());
  },
  180_000,
);

(cliProblem === undefined ? test.skip : test)(
  `where cdktf-cli cannot start (${cliProblem ?? "not here"}), cdktf.json's app command, what cdktf synth runs, turns the Quick start into the platform's Terraform JSON`,
  () => {
    const cli = run(npm, ["run", "synth"]);
    expect(cli.status).not.toBe(0);
    expect(`${cli.stdout}\n${cli.stderr}`).toContain("pty.node");
    const { app } = JSON.parse(quickStart.files.get("cdktf.json")!) as { app: string };
    execSync(app, { cwd: consumer, env, stdio: "pipe", timeout: 180_000 });
    expectThePlatform(synthesizedStack());
  },
  180_000,
);
