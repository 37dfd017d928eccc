import { execFileSync } from "node:child_process";
import * as path from "node:path";

/**
 * Which pool a benchmark ran against, for its report: "src/pool at <commit>", plus "and uncommitted changes" when
 * the working tree differs from that commit (the numbers then describe code no commit holds).
 */
export function poolRevision(): string {
  const cwd = path.join(__dirname, "..", "..");
  try {
    const commit = execFileSync("git", ["log", "-1", "--format=%h", "--", "src/pool"], { cwd, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src/pool", "src/contract"], { cwd, encoding: "utf8" }).trim() !== "";
    return `src/pool at ${commit}${dirty ? " plus uncommitted changes to src/pool or src/contract" : ""}`;
  } catch {
    return "src/pool at an unknown commit (no git)";
  }
}
