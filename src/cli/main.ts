#!/usr/bin/env node
/**
 * The package's bin: `cdktf-azure-agent-platform <command> ...`, reading a synthesized stack's `cdk.tf.json`.
 * Exit codes: 0 done, 1 unexpected failure, 2 bad usage or unreadable input.
 */
import { readFileSync, writeFileSync } from "fs";
import { renderRunbook } from "../operations/runbook";
import { readTerraformStack } from "../operations/terraform-stack";
import { simulateStack } from "../simulation";

/** Where a command writes; a parameter so that tests can capture it. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** A bad command line or input: reported with the usage hint and exit code 2. */
class UsageError extends Error {}

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly run: (args: readonly string[], io: CliIO) => void | Promise<void>;
}

const BIN = "cdktf-azure-agent-platform";

const COMMANDS: Readonly<Record<string, Command>> = {
  runbook: {
    summary: "write the operations runbook (Markdown) of a synthesized stack",
    usage: `${BIN} runbook <cdk.tf.json> [--out <file>]`,
    run: runbook,
  },
  simulate: {
    summary: "simulate a day of the capacity plan's traffic through the stack's scaling rules; prints a table per app",
    usage: `${BIN} simulate <cdk.tf.json> [--users <daily users>] [--days <1-7>] [--seed <n>] [--tpm <Azure OpenAI tokens per minute>] [--svg <file>]`,
    run: simulate,
  },
};

function usage(): string {
  const commands = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}\n      ${command.usage}`);
  return [
    `Usage: ${BIN} <command> [options]`,
    "",
    "Commands:",
    ...commands,
    "",
    "Options:",
    "  -h, --help  show this help",
    "",
    "<cdk.tf.json> is the synthesized stack: run `npx cdktf synth`, then use cdktf.out/stacks/<stack>/cdk.tf.json.",
    "",
  ].join("\n");
}

/** The command's one positional argument (the stack file) and its `--name value` options, checked against `names`. */
function parseArgs(command: string, args: readonly string[], names: readonly string[]): { file: string; options: Record<string, string> } {
  let file: string | undefined;
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const name = flag === "-o" ? "out" : flag.startsWith("--") ? flag.slice(2) : undefined;
    if (name !== undefined && names.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined || value === "" || (inline === undefined && value.startsWith("-"))) throw new UsageError(`${flag} needs ${name === "out" ? "a file name" : "a value"}`);
      options[name] = value;
    } else if (arg.startsWith("-")) {
      throw new UsageError(`unknown option ${arg} for ${command}`);
    } else if (file === undefined) {
      file = arg;
    } else {
      throw new UsageError(`${command} takes one <cdk.tf.json>, got a second one: ${arg}`);
    }
  }
  if (file === undefined) throw new UsageError(`${command} needs the path of a synthesized cdk.tf.json`);
  return { file, options };
}

function runbook(args: readonly string[], io: CliIO): void {
  const { file, options } = parseArgs("runbook", args, ["out"]);
  const markdown = renderRunbook(readTerraformStack(readJson(file)));
  if (options.out === undefined) {
    io.stdout(markdown);
  } else {
    writeFileSync(options.out, markdown);
    io.stderr(`wrote the runbook of ${file} to ${options.out}\n`);
  }
}

/** `--name` as a number above 0, or undefined when not given. */
function numberOption(options: Record<string, string>, name: string): number | undefined {
  const text = options[name];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${name} needs a number above 0; got "${text}"`);
  return value;
}

async function simulate(args: readonly string[], io: CliIO): Promise<void> {
  const { file, options } = parseArgs("simulate", args, ["users", "days", "seed", "tpm", "svg"]);
  const stack = readJson(file);
  const users = numberOption(options, "users");
  const days = numberOption(options, "days");
  const seed = numberOption(options, "seed");
  const tokensPerMinute = numberOption(options, "tpm");
  const result = simulateStack(stack, {
    ...(users === undefined ? {} : { traffic: { dailyUsers: users } }),
    ...(days === undefined ? {} : { days }),
    ...(seed === undefined ? {} : { seed }),
    ...(tokensPerMinute === undefined ? {} : { tokensPerMinute }),
  });
  io.stdout(`${result.table()}\n`);
  if (options.svg !== undefined) {
    writeFileSync(options.svg, await result.toSvg());
    io.stderr(`wrote the plot of the simulated ${result.timeline.days === 1 ? "day" : "days"} to ${options.svg}\n`);
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : String((error as Error).message);
    throw new UsageError(`cannot read ${file}: ${reason} (run \`npx cdktf synth\` first; the file is cdktf.out/stacks/<stack>/cdk.tf.json)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON (${(error as Error).message}); expected a synthesized cdk.tf.json`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json) || !("resource" in json)) {
    throw new UsageError(`${file} has no "resource" block: expected the Terraform JSON of a synthesized stack (cdk.tf.json)`);
  }
  return json;
}

/** Runs the command line `args` (without `node` and the script) and resolves to the exit code. */
export async function main(args: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    (name === undefined ? io.stderr : io.stdout)(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(`${BIN}: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes("-h") || rest.includes("--help")) {
    io.stdout(`Usage: ${command.usage}\n`);
    return 0;
  }
  try {
    await command.run(rest, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${BIN} ${name}: ${error.message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    // The library's messages name their function ("simulate: ..."); the command's prefix says it already.
    const message = (error instanceof Error ? error.message : String(error)).replace(new RegExp(`^${name}: `), "");
    io.stderr(`${BIN} ${name}: ${message}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then((code) => (process.exitCode = code));
}
