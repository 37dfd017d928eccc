/**
 * Loads an optional peer dependency on first use (the pool's openai, @azure/identity, undici, @opentelemetry/api; the
 * simulation plot's vega and vega-lite), so that importing a module works without them until a feature needs them.
 * @param name module to load: a package name, or a deep path in one (`@cdktf/provider-kubernetes/lib/manifest`)
 * @param neededBy what needs it, for the install hint
 * @param install what to `npm install` (the package with its supported range) @default name
 * @throws Error with an `npm install` hint when the package is not installed
 */
export function loadOptional<T>(name: string, neededBy: string, install = name): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose: optional peer dependency
    return require(name) as T;
  } catch (err) {
    if (isMissing(err, name)) {
      const packages = install.split(" ").map((spec) => spec.replace(/(.)@.*$/, "$1"));
      const what = packages.length === 1 ? `the optional peer dependency ${packages[0]}` : `the optional peer dependencies ${packages.join(" and ")}`;
      throw new Error(`${neededBy} needs ${what}: npm install ${install}`, { cause: err });
    }
    throw err;
  }
}

/** Like {@link loadOptional}, but undefined when the package is not installed (for features that degrade to a no-op). */
export function tryLoadOptional<T>(name: string): T | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose: optional peer dependency
    return require(name) as T;
  } catch (err) {
    if (isMissing(err, name)) return undefined;
    throw err;
  }
}

function isMissing(err: unknown, name: string): boolean {
  return (err as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" && String((err as Error).message).includes(name);
}
