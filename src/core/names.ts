import { createHash } from "node:crypto";

/** A naming rule Azure applies to one kind of resource name. */
export interface NameRule {
  /** What is being named, for messages (e.g. "container app name"). */
  readonly kind: string;
  /** Longest name accepted. */
  readonly maxLength: number;
  /** Pattern the whole name must match. */
  readonly pattern: RegExp;
  /** What the pattern means, in words, for messages. */
  readonly description: string;
}

/** Azure's naming rules, as the azurerm provider and the service enforce them. */
export const NAME_RULES = {
  /** ARM's rule, stricter than the provider's regex (which also lets '.', a leading digit and 1 character through). */
  containerApp: {
    kind: "container app name",
    maxLength: 32,
    pattern: /^(?!.*--)[a-z][a-z0-9-]{0,30}[a-z0-9]$/,
    description: "2-32 lowercase letters, digits or '-', starting with a letter, ending with a letter or digit, no '--'",
  },
  /** The portal's rule for workload profile names (the provider only requires a non-empty name). */
  workloadProfile: {
    kind: "workload profile name",
    maxLength: 15,
    pattern: /^[a-zA-Z][a-zA-Z0-9-]{0,14}$/,
    description: "1-15 letters, digits or '-', starting with a letter",
  },
  containerAppEnvironment: {
    kind: "container app environment name",
    maxLength: 60,
    pattern: /^[a-zA-Z][a-zA-Z0-9-]{0,58}[a-zA-Z0-9]$/,
    description: "2-60 letters, digits or '-', starting with a letter, not ending with '-'",
  },
  container: {
    kind: "container name",
    maxLength: 46,
    pattern: /^[a-z0-9]([a-z0-9.-]{0,44}[a-z0-9])?$/,
    description: "1-46 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit",
  },
  secret: {
    kind: "secret name",
    maxLength: 253,
    pattern: /^[a-z0-9]([a-z0-9-]{0,251}[a-z0-9])?$/,
    description: "1-253 lowercase letters, digits or '-', starting and ending with a letter or digit",
  },
  scaleRule: {
    kind: "scale rule name",
    maxLength: 253,
    pattern: /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/,
    description: "lowercase letters, digits, '-' or '.', starting and ending with a letter or digit",
  },
  resourceGroup: {
    kind: "resource group name",
    maxLength: 90,
    pattern: /^[-\w.()]{0,89}[-\w()]$/u,
    description: "1-90 letters, digits, '_', '-', '.', '(' or ')', not ending with '.'",
  },
  logAnalyticsWorkspace: {
    kind: "Log Analytics workspace name",
    maxLength: 63,
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9-]{2,61}[a-zA-Z0-9]$/,
    description: "4-63 letters, digits or '-', starting and ending with a letter or digit",
  },
  applicationInsights: {
    kind: "Application Insights name",
    maxLength: 260,
    pattern: /^[^%&\\?/]{1,260}$/,
    description: "1-260 characters, none of % & \\ ? /",
  },
  containerRegistry: {
    kind: "container registry name",
    maxLength: 50,
    pattern: /^[a-zA-Z0-9]{5,50}$/,
    description: "5-50 letters or digits",
  },
  userAssignedIdentity: {
    kind: "user-assigned identity name",
    maxLength: 128,
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/,
    description: "3-128 letters, digits, '-' or '_', starting with a letter or digit",
  },
  /** An Azure OpenAI account name, also its custom subdomain (`https://<name>.openai.azure.com/`): globally unique. */
  openAIAccount: {
    kind: "Azure OpenAI account name (and custom subdomain)",
    maxLength: 64,
    pattern: /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/,
    description: "2-64 lowercase letters, digits or '-', starting and ending with a letter or digit",
  },
  /** An Azure OpenAI model deployment name: what callers pass as the model. */
  openAIDeployment: {
    kind: "Azure OpenAI deployment name",
    maxLength: 64,
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,63}$/,
    description: "2-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
  },
  /** A Cosmos DB account name, the globally unique host name `https://<name>.documents.azure.com:443/`. */
  cosmosAccount: {
    kind: "Cosmos DB account name",
    maxLength: 44,
    pattern: /^[a-z0-9][a-z0-9-]{1,42}[a-z0-9]$/,
    description: "3-44 lowercase letters, digits or '-', starting and ending with a letter or digit",
  },
  /** A Cosmos DB database or container name. */
  cosmosEntity: {
    kind: "Cosmos DB database or container name",
    maxLength: 255,
    pattern: /^[^/\\#?]{0,254}[^/\\#? ]$/,
    description: "1-255 characters, none of '/', '\\', '#', '?', not ending with a space",
  },
  /** Alert rules and action groups. */
  alert: {
    kind: "alert rule name",
    maxLength: 260,
    pattern: /^[^*#&+:<>?@%{}\\/|]{0,259}[^*#&+:<>?@%{}\\/|. ]$/,
    description: "1-260 characters, none of * # & + : < > ? @ % { } \\ / |, not ending with a space or '.'",
  },
  /** Azure Monitor autoscale settings. */
  autoscaleSetting: {
    kind: "autoscale setting name",
    maxLength: 260,
    pattern: /^[^<>%&:\\?/#*]+$/,
    description: "1-260 characters, none of < > % & : \\ ? / # *",
  },
  /** AKS managed cluster names (ARM's rule). */
  kubernetesCluster: {
    kind: "AKS cluster name",
    maxLength: 63,
    pattern: /^[a-zA-Z0-9]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?$/,
    description: "1-63 letters, digits, '-' or '_', starting and ending with a letter or digit",
  },
  /** The DNS prefix of an AKS cluster's API server FQDN (the provider's `KubernetesDNSPrefix`). */
  kubernetesDnsPrefix: {
    kind: "AKS DNS prefix",
    maxLength: 54,
    pattern: /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/,
    description: "1-54 letters, digits or '-', starting and ending with a letter or digit",
  },
  /** Linux node pool names of AKS (the provider's `KubernetesAgentPoolName`). */
  kubernetesNodePool: {
    kind: "AKS node pool name",
    maxLength: 12,
    pattern: /^[a-z][a-z0-9]{0,11}$/,
    description: "1-12 lowercase letters or digits, starting with a letter",
  },
  /** Kubernetes object names that must be DNS labels (RFC 1123): namespaces, services, deployments, service accounts. */
  kubernetesObject: {
    kind: "Kubernetes name",
    maxLength: 63,
    pattern: /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
    description: "1-63 lowercase letters, digits or '-', starting and ending with a letter or digit (an RFC 1123 label)",
  },
  /** Federated identity credentials of a user-assigned identity. */
  federatedCredential: {
    kind: "federated identity credential name",
    maxLength: 120,
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,119}$/,
    description: "3-120 letters, digits, '-' or '_', starting with a letter or digit",
  },
} satisfies Record<string, NameRule>;

/** A sentence describing why `name` breaks `rule`, or undefined when it is valid. */
export function nameProblem(name: string, rule: NameRule): string | undefined {
  if (name.length <= rule.maxLength && rule.pattern.test(name)) return undefined;
  return `${rule.kind} "${name}" is not valid: it must be ${rule.description}`;
}

/**
 * What a readable part becomes in generated names (`generateName`): lower-cased, characters other than letters,
 * digits and '-' replaced by `separator`, repeated and outer '-' removed.
 */
function cleanNamePart(part: string, separator: string, lowerCase: boolean): string {
  const allowed = separator === "" ? /[^a-zA-Z0-9]/g : /[^a-zA-Z0-9-]/g;
  const cleaned = (lowerCase ? part.toLowerCase() : part).replace(allowed, separator);
  return separator === "" ? cleaned : cleaned.replace(/-{2,}/g, "-").replace(/^-+|-+$/g, "");
}

/** How a name prefix appears in generated names, e.g. "Agntcy_CS" -> "agntcy-cs". */
export function normalizedNamePrefix(prefix: string): string {
  return cleanNamePart(prefix, "-", true);
}

/** A short, stable hex hash of `text` (e.g. a construct path), for unique generated names. */
export function shortHash(text: string, length = 8): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** Options for {@link generateName}. */
export interface GenerateNameOptions {
  /** Readable parts, joined with `separator` (e.g. a prefix and a component name). */
  readonly parts: readonly string[];
  /** Text the unique suffix is hashed from: the construct path. */
  readonly uniqueFrom: string;
  /** The rule the result must satisfy. */
  readonly rule: NameRule;
  /** Joins the parts and the suffix; '' for rules that allow only letters and digits. @default "-" */
  readonly separator?: string;
  /** Lower-case the result. @default true */
  readonly lowerCase?: boolean;
}

/**
 * A name that is valid for `rule` and unique per `uniqueFrom`: the readable parts, cleaned of
 * characters the rule forbids and truncated, followed by an 8-character hash of `uniqueFrom`.
 */
export function generateName(options: GenerateNameOptions): string {
  const separator = options.separator ?? "-";
  const suffix = shortHash(options.uniqueFrom);
  let readable = options.parts
    .map((part) => cleanNamePart(part, separator, options.lowerCase ?? true))
    .filter((part) => part.length > 0)
    .join(separator);
  const room = options.rule.maxLength - suffix.length - separator.length;
  readable = readable.slice(0, Math.max(0, room)).replace(/-+$/, "");
  if (!/^[a-zA-Z]/.test(readable)) readable = `a${readable}`.slice(0, Math.max(1, room));
  const name = `${readable}${separator}${suffix}`;
  const problem = nameProblem(name, options.rule);
  if (problem) throw new Error(`internal: generated ${problem}`);
  return name;
}
