/**
 * Bad inputs taken from the validations of Azure Verified Modules' container app module
 * (Azure/terraform-azurerm-avm-res-app-containerapp, variables.tf at commit ae03166abab035743ead9550bd32818bf75efdd9,
 * 2026-05-14; the file last changed in 9855beb4cbbe5e6dd611a7d00bc85579e517e0a2), mapped onto ScaledAgentApp's props and
 * methods, plus the cases issue 10 adds. Each is written the way a JavaScript or config-driven caller would pass it
 * (hence the casts): every one must be refused at construction or synthesis with an Error that names the construct
 * path and the bad value, so that nothing invalid reaches the Terraform JSON.
 *
 * `avmRule` says where the rule comes from: a `validation {}` block, or (marked "description" / "type") a constraint
 * that the module only documents or types, and the line of variables.tf it is on.
 */
import { TerraformVariable } from "cdktf";
import { AgentEnvironment, Duration, ProbeTransport, ScaledAgentApp, type ScaledAgentAppProps } from "../../constructs";
import { synthesize, testStack } from "../support/template";

interface BadInput {
  /** `<variable>.<validation summary> (variables.tf line N)`. */
  readonly avmRule: string;
  /** Props given to the app (on top of environment and image). */
  readonly props?: Partial<ScaledAgentAppProps>;
  /** Methods applied to the app after construction. */
  readonly apply?: (app: ScaledAgentApp) => unknown;
  /** Every one of these must be in the error message (they name the setting and the bad value). */
  readonly fragments: readonly string[];
}

const PATH = "test/agent";
const KEY_VAULT_SECRET = "https://kv-retail.vault.azure.net/secrets/crm-token";

const BAD_INPUTS: readonly BadInput[] = [
  // name (line 12) and the service's rule that issue 10 quotes: 2-32 characters, lowercase letters, digits and '-',
  // starting with a letter, ending with a letter or digit, no '--'.
  { avmRule: "name.2 to 32 characters (variables.tf line 12)", props: { appName: "a" }, fragments: ['container app name "a"'] },
  { avmRule: "name.2 to 32 characters (variables.tf line 12)", props: { appName: "a".repeat(33) }, fragments: [`container app name "${"a".repeat(33)}"`] },
  { avmRule: "name.may not start with a hyphen (variables.tf line 12)", props: { appName: "-abc" }, fragments: ['container app name "-abc"'] },
  { avmRule: "name.may not end with a hyphen (variables.tf line 12)", props: { appName: "abc-" }, fragments: ['container app name "abc-"'] },
  { avmRule: "name.only alphanumerics or hyphens (variables.tf line 12)", props: { appName: "ab.c" }, fragments: ['container app name "ab.c"'] },
  { avmRule: "name.starts with a letter (service rule, issue 10; variables.tf line 12)", props: { appName: "1abc" }, fragments: ['container app name "1abc"'] },
  { avmRule: "name.no '--' (service rule, issue 10; variables.tf line 12)", props: { appName: "ab--c" }, fragments: ['container app name "ab--c"'] },

  // template: probe transports (lines 364, 374, 384), upper case only.
  { avmRule: "template.containers.liveness_probes.transport is TCP, HTTP or HTTPS (variables.tf line 364)", props: { probes: { liveness: { port: 8080, transport: "http" as never } } }, fragments: ["probes.liveness.transport", '"http"'] },
  { avmRule: "template.containers.readiness_probes.transport is TCP, HTTP or HTTPS (variables.tf line 374)", props: { probes: { readiness: { port: 8080, transport: "tcp" as never } } }, fragments: ["probes.readiness.transport", '"tcp"'] },
  { avmRule: "template.containers.startup_probes.transport is TCP, HTTP or HTTPS (variables.tf line 384)", props: { probes: { startup: { port: 8080, transport: "HTTPS2" as never } } }, fragments: ["probes.startup.transport", '"HTTPS2"'] },

  // template: probe ranges the module documents (description, lines 224-231 and 240-248).
  { avmRule: "template.containers.liveness_probes.failure_count_threshold 1 to 10 (description, variables.tf line 224)", props: { probes: { liveness: { port: 8080, failureThreshold: 11 } } }, fragments: ["probes.liveness.failureThreshold", "11"] },
  { avmRule: "template.containers.liveness_probes.path not valid for TCP probes (description, variables.tf line 228)", props: { probes: { liveness: { port: 8080, transport: ProbeTransport.TCP, path: "/healthz" } } }, fragments: ["probes.liveness.path", '"/healthz"'] },
  { avmRule: "template.containers.liveness_probes.port 1 to 65535 (description, variables.tf line 229)", props: { probes: { liveness: { port: 70000 } } }, fragments: ["probes.liveness.port", "70000"] },
  { avmRule: "template.containers.readiness_probes.initial_delay 0 to 60 (description, variables.tf line 242)", props: { probes: { readiness: { port: 8080, initialDelay: Duration.seconds(61) } } }, fragments: ["probes.readiness.initialDelay", "61 s"] },
  { avmRule: "template.containers.readiness_probes.interval_seconds 1 to 240 (description, variables.tf line 243)", props: { probes: { readiness: { port: 8080, interval: Duration.seconds(241) } } }, fragments: ["probes.readiness.interval", "241 s"] },

  // template: containers cpu / memory (type number / string and the documented values, lines 211-213).
  { avmRule: "template.containers.cpu is a number (type and description, variables.tf line 211)", props: { cpu: "0.5" as never }, fragments: ["cpu", '"0.5"'] },
  { avmRule: "template.containers.cpu possible values (description, variables.tf line 211)", props: { cpu: 4.5, memory: "9Gi" }, fragments: ["cpu 4.5", "9Gi"] },
  { avmRule: "template.containers.memory possible values are <n>Gi strings (type and description, variables.tf line 213)", props: { memory: 1.5 as never }, fragments: ["memory", "1.5"] },

  // template: custom scale rule types (line 394).
  { avmRule: "template.custom_scale_rules.custom_rule_type from the KEDA list (variables.tf line 394)", apply: (app) => app.scaleOnCustom({ type: "azure-service-bus", metadata: { queueName: "orders" } }), fragments: ['"azure-service-bus"'] },

  // template: scale rules the module types (authentication required for queues, concurrent_requests a count).
  { avmRule: "template.azure_queue_scale_rules.authentication required (type, variables.tf line 40)", apply: (app) => app.scaleOnAzureQueue({ queueName: "orders", queueLength: 5 } as never), fragments: ["scaleOnAzureQueue", "authentication"] },
  { avmRule: "template.custom_scale_rules azure-servicebus authentication (type, variables.tf line 40; issue 10)", apply: (app) => app.scaleOnServiceBus({ namespace: "sb-retail", queueName: "orders" } as never), fragments: ["scaleOnServiceBus", "authentication"] },
  { avmRule: "template.http_scale_rules.concurrent_requests a request count (type, variables.tf line 135)", props: { ingress: { targetPort: 8080 } }, apply: (app) => app.scaleOnHttpConcurrency({ concurrentRequests: "ten" as never }), fragments: ["concurrentRequests", "ten"] },

  // ingress.transport (line 873), lower case only.
  { avmRule: "ingress.transport is auto, http, http2 or tcp (variables.tf line 873)", props: { ingress: { targetPort: 8080, transport: "HTTP2" as never } }, fragments: ["ingress.transport", '"HTTP2"'] },

  // revision_mode (line 990).
  { avmRule: "revision_mode is Single or Multiple (variables.tf line 990)", props: { revisionMode: "single" as never }, fragments: ["revisionMode", '"single"'] },

  // secrets: value xor key_vault_secret_id (line 1062); a Key Vault secret needs an identity (line 1071).
  { avmRule: "secrets.either value or key_vault_secret_id, not both (variables.tf line 1062)", props: { secrets: { both: { value: "x", keyVaultSecretId: KEY_VAULT_SECRET } } }, fragments: ['secret "both"', "value", "keyVaultSecretId"] },
  { avmRule: "secrets.either value or key_vault_secret_id, not neither (variables.tf line 1062)", props: { secrets: { neither: {} } }, fragments: ['secret "neither"', "value", "keyVaultSecretId"] },
  { avmRule: "secrets.key_vault_secret_id needs an identity: \"System\" or one of the app's (variables.tf line 1071)", props: { secrets: { "crm-token": { keyVaultSecretId: KEY_VAULT_SECRET, identity: "system" } } }, fragments: ['secret "crm-token"', '"system"'] },

  // workload_profile_name (line 1117, no validation in the module): must be a profile of the environment.
  { avmRule: "workload_profile_name a profile of the environment (no validation; variables.tf line 1117)", props: { workloadProfile: "D4" }, fragments: ['workloadProfile "D4"'] },
];

function setup(props: Partial<ScaledAgentAppProps> = {}) {
  const stack = testStack();
  const environment = new AgentEnvironment(stack, "env", { location: "eastus2", namePrefix: "cs" });
  const app = new ScaledAgentApp(stack, "agent", { environment, image: "example.azurecr.io/agent:v1", ...props });
  return { stack, app };
}

/** What happens to a bad input: "accepted" when the stack synthesizes, else the error's class and message. */
function outcome(input: BadInput): { error?: unknown; summary: string } {
  try {
    const { stack, app } = setup(input.props);
    input.apply?.(app);
    synthesize(stack);
  } catch (error) {
    return { error, summary: error instanceof Error ? `${error.constructor.name}: ${error.message}` : `thrown non-Error: ${String(error)}` };
  }
  return { summary: "accepted: the stack synthesized without an error" };
}

describe("ScaledAgentApp refuses the bad inputs of AVM's container app validations", () => {
  test("about 28 cases", () => {
    expect(BAD_INPUTS).toHaveLength(28);
  });

  test.each(BAD_INPUTS.map((input, i) => ({ ...input, n: i + 1 })))("$n. $avmRule", (input) => {
    const { error, summary } = outcome(input);
    expect(error).toBeInstanceOf(Error);
    expect(summary).not.toMatch(/^(TypeError|RangeError|ReferenceError|SyntaxError): /);
    expect(summary).toContain(`${PATH}: `);
    for (const fragment of input.fragments) expect(summary).toContain(fragment);
  });
});

describe("ScaledAgentApp numeric checks skip unresolved tokens", () => {
  test("maxReplicas from a Terraform variable constructs and synthesizes", () => {
    const stack = testStack();
    const environment = new AgentEnvironment(stack, "env", { location: "eastus2", namePrefix: "cs" });
    const max = new TerraformVariable(stack, "max", { type: "number" }).numberValue;
    expect(() => new ScaledAgentApp(stack, "agent", { environment, image: "example.azurecr.io/agent:v1", maxReplicas: max })).not.toThrow();
    const app = synthesize(stack).findOne("azurerm_container_app").props;
    expect(app.template.max_replicas).toBe("${var.max}");
  });
});
