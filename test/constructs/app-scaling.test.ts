import { TerraformVariable } from "cdktf";
import { AgentEnvironment, ScaledAgentApp, ScheduledAutoscale, Weekdays } from "../../constructs";
import { KedaRule } from "../../constructs/scaling/keda-rule";
import { type ScaleRuleTarget } from "../../constructs/scaling/scale-rule";
import { invalid } from "../../constructs/validation";
import { synthesize, testStack, warnings } from "../support/template";

type Step = (app: ScaledAgentApp) => void;

/** One app with every kind of rule, an environment variable and a secret, added in the order of `steps`. */
function appTemplate(steps: readonly Step[]) {
  const stack = testStack();
  const environment = new AgentEnvironment(stack, "env", { location: "eastus2", namePrefix: "cs" });
  const connection = new TerraformVariable(stack, "conn", { type: "string", sensitive: true }).stringValue;
  const app = new ScaledAgentApp(stack, "agent", { environment, image: "x/agent:1", minReplicas: 1, maxReplicas: 8, ingress: { targetPort: 8080 }, secrets: { conn: { value: connection } } });
  for (const step of steps) step(app);
  return synthesize(stack).findOne("azurerm_container_app").props;
}

const STEPS: readonly Step[] = [
  (app) => app.scaleOnHttpConcurrency({ concurrentRequests: 10 }),
  (app) => app.scaleOnCpuUtilization({ targetUtilizationPercent: 70 }),
  (app) => app.scaleOnSchedule({ timeZone: "America/New_York", start: "0 8 * * 1-5", end: "0 20 * * 1-5", desiredReplicas: 2 }),
  (app) => app.scaleOnAzureQueue({ queueName: "orders", queueLength: 50, authentication: { secretName: "conn", triggerParameter: "connection" } }),
  (app) => app.scaleOnServiceBus({ namespace: "sb", queueName: "returns", authentication: { secretName: "conn", triggerParameter: "connection" } }),
  (app) => app.scaleOnCustom({ type: "prometheus", metadata: { serverAddress: "http://prom:9090", query: "sum(x)", threshold: "5" } }),
  (app) => app.addEnvironmentVariable("LOG_LEVEL", "info"),
];

describe("AppScaling: rules are values rendered at synth", () => {
  test("rules of different kinds added in any order render the same template", () => {
    const reference = appTemplate(STEPS);
    expect(reference.template.custom_scale_rule.map((rule: { custom_rule_type: string }) => rule.custom_rule_type)).toEqual(["azure-servicebus", "cpu", "cron", "prometheus"]);
    expect(reference.template.http_scale_rule).toHaveLength(1);
    expect(reference.template.azure_queue_scale_rule).toHaveLength(1);
    const orders = [[...STEPS].reverse(), [STEPS[3]!, STEPS[0]!, STEPS[6]!, STEPS[5]!, STEPS[2]!, STEPS[1]!, STEPS[4]!]];
    for (const order of orders) {
      const template = appTemplate(order);
      expect(template.template).toEqual({ ...reference.template, container: [{ ...reference.template.container[0], env: expect.arrayContaining(reference.template.container[0].env) }] });
      expect(template.template.container[0].env).toHaveLength(reference.template.container[0].env.length);
    }
  });

  test("a derived name never takes a name chosen later: the chosen name wins in any order", () => {
    const before = appTemplate([(app) => app.scaleOnHttpConcurrency({ concurrentRequests: 5 }), (app) => app.scaleOnSchedule({ name: "http-concurrency", timeZone: "UTC", start: "0 8 * * *", end: "0 9 * * *", desiredReplicas: 1 })]);
    const after = appTemplate([(app) => app.scaleOnSchedule({ name: "http-concurrency", timeZone: "UTC", start: "0 8 * * *", end: "0 9 * * *", desiredReplicas: 1 }), (app) => app.scaleOnHttpConcurrency({ concurrentRequests: 5 })]);
    for (const template of [before, after]) {
      expect(template.template.http_scale_rule).toEqual([{ name: "http-concurrency-2", concurrent_requests: "5" }]);
      expect(template.template.custom_scale_rule[0].name).toBe("http-concurrency");
    }
  });

  test("scaling.add takes a rule class of one's own: one subclass is a new scaler", () => {
    class RedisListRule extends KedaRule {
      constructor(private readonly listLength: number) {
        super(undefined, "redis-list", "redis", { address: "redis:6379", listName: "jobs", listLength: String(listLength) });
      }

      validate(target: ScaleRuleTarget): void {
        if (this.listLength < 1) invalid(target, `listLength must be at least 1; got ${this.listLength}`);
        super.validate(target);
      }
    }
    const template = appTemplate([(app) => app.scaling.add(new RedisListRule(20))]);
    expect(template.template.custom_scale_rule).toEqual([{ name: "redis-list", custom_rule_type: "redis", metadata: { address: "redis:6379", listName: "jobs", listLength: "20" } }]);
    expect(() => appTemplate([(app) => app.scaling.add(new RedisListRule(0))])).toThrow(/^test\/agent: listLength must be at least 1; got 0/);
  });

  test("scaleOnWeeklySchedule: one cron rule per window with a floor, the same rules ScheduledAutoscale makes", () => {
    const schedule = { timeZone: "Europe/Amsterdam", windows: [{ name: "office-hours", days: Weekdays.MONDAY_TO_FRIDAY, start: "08:30", end: "18:00", minReplicas: 2, maxReplicas: 8 }] };
    const viaMethod = appTemplate([(app) => app.scaleOnWeeklySchedule(schedule)]);
    expect(viaMethod.template.custom_scale_rule).toEqual([
      { name: "office-hours", custom_rule_type: "cron", metadata: { timezone: "Europe/Amsterdam", start: "30 8 * * 1-5", end: "0 18 * * 1-5", desiredReplicas: "2" } },
    ]);
    const stack = testStack();
    const environment = new AgentEnvironment(stack, "env", { location: "eastus2", namePrefix: "cs" });
    const connection = new TerraformVariable(stack, "conn", { type: "string", sensitive: true }).stringValue;
    const app = new ScaledAgentApp(stack, "agent", { environment, image: "x/agent:1", minReplicas: 1, maxReplicas: 8, ingress: { targetPort: 8080 }, secrets: { conn: { value: connection } } });
    new ScheduledAutoscale(stack, "hours", { ...schedule, target: app });
    expect(synthesize(stack).findOne("azurerm_container_app").props.template.custom_scale_rule).toEqual(viaMethod.template.custom_scale_rule);
    expect(warnings(stack)).toEqual([]);
  });
});
