import { type IConstruct } from "constructs";
import { Testing, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { expectValidProviderSchema } from "./provider-schema";

/** One resource of the synthesized JSON: its logical id and its attributes. */
export interface SynthesizedResource {
  readonly id: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped
  readonly props: Record<string, any>;
}

/**
 * The parsed Terraform JSON of one stack, with queries by resource type. Created by {@link synthesize},
 * which has already checked it against the provider's schema.
 */
export class Template {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped
  constructor(readonly json: Record<string, any>) {}

  /** Every resource of `type` (e.g. "azurerm_container_app"), in logical-id order. */
  resources(type: string): SynthesizedResource[] {
    return Object.entries(this.json.resource?.[type] ?? {})
      .map(([id, props]) => ({ id, props: props as Record<string, unknown> }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Every data source of `type` (e.g. "azurerm_resource_group"). */
  dataSources(type: string): SynthesizedResource[] {
    return Object.entries(this.json.data?.[type] ?? {}).map(([id, props]) => ({ id, props: props as Record<string, unknown> }));
  }

  /** How many resources of `type` there are. */
  count(type: string): number {
    return this.resources(type).length;
  }

  /** Resource counts per type, for whole-stack assertions. */
  countsByType(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.json.resource ?? {}).map(([type, byId]) => [type, Object.keys(byId as object).length]));
  }

  /** The resources of `type` whose attributes include `match` (deep partial match). */
  find(type: string, match: Record<string, unknown> = {}): SynthesizedResource[] {
    return this.resources(type).filter((resource) => deepIncludes(resource.props, match));
  }

  /** The one resource of `type` that includes `match`; throws when there is none or several. */
  findOne(type: string, match: Record<string, unknown> = {}): SynthesizedResource {
    const found = this.find(type, match);
    if (found.length !== 1) {
      throw new Error(`expected exactly one ${type} matching ${JSON.stringify(match)}, found ${found.length}`);
    }
    return found[0]!;
  }

  /** Every `output` block. */
  outputs(): Record<string, { value: unknown; sensitive?: boolean; description?: string }> {
    return this.json.output ?? {};
  }
}

function deepIncludes(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== "object") return actual === expected;
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.every((item, i) => deepIncludes(actual[i], item));
  }
  if (actual === null || typeof actual !== "object") return false;
  return Object.entries(expected).every(([key, value]) => deepIncludes((actual as Record<string, unknown>)[key], value));
}

/** A fresh app and stack (with the azurerm provider configured) for a test. */
export function testStack(id = "test"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  return stack;
}

/**
 * Synthesizes `stack` (running construct validations), checks the JSON against the azurerm provider
 * schema, and returns it as a {@link Template}. Every construct test goes through here.
 */
export function synthesize(stack: TerraformStack): Template {
  const json = JSON.parse(Testing.synth(stack, true));
  expectValidProviderSchema(json);
  expectStaticDependsOn(json);
  return new Template(json);
}

/**
 * Terraform takes only static references in `depends_on` ("azurerm_x.name", "data.x.name", "module.name"): an
 * interpolation such as "${azurerm_x.name}" fails `terraform validate` ("A single static variable reference is
 * required"), so a construct that writes one fails here.
 */
export function expectStaticDependsOn(json: { readonly resource?: Record<string, Record<string, { depends_on?: unknown }>>; readonly data?: Record<string, Record<string, { depends_on?: unknown }>> }): void {
  const invalid = [...Object.entries(json.resource ?? {}), ...Object.entries(json.data ?? {})].flatMap(([type, blocks]) =>
    Object.entries(blocks).flatMap(([name, block]) =>
      ((block.depends_on ?? []) as unknown[]).filter((entry) => typeof entry !== "string" || !/^(data\.|module\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+$/.test(entry)).map((entry) => `${type}.${name}: ${JSON.stringify(entry)}`),
    ),
  );
  expect(invalid).toEqual([]);
}

/** Messages of the warning annotations on `scope` and below. */
export function warnings(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .flatMap((construct) => construct.node.metadata)
    .filter((entry) => entry.type === "@cdktf/warn")
    .map((entry) => String(entry.data));
}

