import { TerraformVariable } from "cdktf";
import fc from "fast-check";
import { AgentEnvironment, Duration, ScaledAgentApp, type ScaledAgentAppProps } from "../../constructs";
import { cronProblem } from "../../src/core";
import {
  AutoscaleChangeType,
  AutoscaleDirection,
  AutoscaleOperator,
  AutoscaleStatistic,
  AutoscaleTimeAggregation,
  ScheduledAutoscale,
  type ScheduledAutoscaleProps,
  type ScheduledAutoscaleRule,
  ScheduledAutoscaleTarget,
} from "../../constructs/scheduled-autoscale";
import { formatTimeOfDay, type ScheduleWindow, Weekday, Weekdays } from "../../src/core/weekly-schedule";
import {
  type CronRuleJson,
  describeMinute,
  expectedCapacity,
  type ProfileJson,
  profileInForce,
  randomWindows,
  replicaFloor,
  weekEvery,
} from "../support/schedule-simulators";
import { synthesize, type Template, testStack, warnings } from "../support/template";

const VMSS_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-retail/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-agents";
const PLAN_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-retail/providers/Microsoft.Web/serverFarms/plan-agents";
const QUEUE_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-retail/providers/Microsoft.ServiceBus/namespaces/sb-retail";
const PLACEMENT = { resourceGroupName: "rg-retail", location: "eastus2" };
const RETAIL = ScheduledAutoscale.retailSchedule();

const vmss = () => ScheduledAutoscaleTarget.vmScaleSet(VMSS_ID, PLACEMENT);
/** The rules: CPU > 70% over 5 min -> +2, cooldown 5 min; CPU < 30% over 10 min -> -1, cooldown 10 min. */
const cpuRules = (target: ScheduledAutoscaleTarget): ScheduledAutoscaleRule[] => [
  target.cpuAbove(70, { window: Duration.minutes(5), changeCount: 2, cooldown: Duration.minutes(5) }),
  target.cpuBelow(30, { window: Duration.minutes(10), changeCount: 1, cooldown: Duration.minutes(10) }),
];

function appSetup(appProps: Partial<ScaledAgentAppProps> = {}) {
  const stack = testStack();
  const environment = new AgentEnvironment(stack, "env", { location: "eastus2", namePrefix: "cs" });
  const app = new ScaledAgentApp(stack, "agent", { environment, image: "example.azurecr.io/agent:v1", ...appProps });
  return { stack, app };
}

function onApp(props: Partial<ScheduledAutoscaleProps> = {}, appProps: Partial<ScaledAgentAppProps> = { maxReplicas: 16 }) {
  const { stack, app } = appSetup(appProps);
  const schedule = new ScheduledAutoscale(stack, "schedule", { target: app, ...RETAIL, ...props });
  return { stack, app, schedule };
}

function onVmss(props: Partial<ScheduledAutoscaleProps> = {}) {
  const stack = testStack();
  const target = vmss();
  const schedule = new ScheduledAutoscale(stack, "schedule", { target, ...RETAIL, rules: cpuRules(target), ...props });
  return { stack, schedule };
}

function cronRules(template: Template): { minReplicas: number; rules: CronRuleJson[]; all: Array<Record<string, unknown>> } {
  const app = template.findOne("azurerm_container_app").props.template;
  const all = app.custom_scale_rule ?? [];
  return { minReplicas: app.min_replicas, rules: all.filter((rule: { custom_rule_type: string }) => rule.custom_rule_type === "cron"), all };
}

function profiles(template: Template): ProfileJson[] {
  return template.findOne("azurerm_monitor_autoscale_setting").props.profile;
}

type Outside = { minReplicas: number; maxReplicas: number; defaultReplicas?: number };

/** What differs, every `step` minutes of the week, between the capacity in force in the generated JSON and what the windows say. */
function weekMismatches(template: Template, windows: readonly ScheduleWindow[], outside: Outside, step: number): string[] {
  const mismatches: string[] = [];
  const setting = template.find("azurerm_monitor_autoscale_setting");
  const crons = setting.length === 0 ? cronRules(template) : undefined;
  for (const t of weekEvery(step)) {
    const expected = expectedCapacity(windows, outside, t);
    if (crons) {
      const floor = replicaFloor(crons.minReplicas, crons.rules, t);
      if (floor !== Math.max(crons.minReplicas, expected.minimum)) mismatches.push(`${describeMinute(t)}: cron floor ${floor}, windows say ${expected.minimum}`);
    } else {
      const profile = profileInForce(profiles(template), t);
      if (JSON.stringify(profile.capacity) !== JSON.stringify({ default: expected.default, maximum: expected.maximum, minimum: expected.minimum })) {
        mismatches.push(`${describeMinute(t)}: profile "${profile.name}" ${JSON.stringify(profile.capacity)}, windows say ${JSON.stringify(expected)}`);
      }
    }
  }
  return mismatches;
}

/** Windows with awkward edges: 24:00 on Friday and Sunday, an all-day Saturday, minutes, adjacent windows. */
const AWKWARD: ScheduleWindow[] = [
  { name: "morning", days: Weekdays.MONDAY_TO_FRIDAY, start: "07:45", end: "12:00", minReplicas: 3, maxReplicas: 8 },
  { name: "afternoon", days: Weekdays.MONDAY_TO_FRIDAY, start: "12:00", end: "18:30", minReplicas: 5, maxReplicas: 10, defaultReplicas: 6 },
  { name: "friday-late", days: [Weekday.FRIDAY], start: "22:00", end: "24:00", minReplicas: 2, maxReplicas: 4 },
  { name: "saturday", days: [Weekday.SATURDAY], start: "00:00", end: "24:00", minReplicas: 1, maxReplicas: 3 },
  { name: "sunday-late", days: [Weekday.SUNDAY], start: "22:00", end: "24:00", minReplicas: 4, maxReplicas: 6 },
];

describe("ScheduledAutoscale.retailSchedule", () => {
  test("is the spec's schedule in US Eastern time", () => {
    expect(ScheduledAutoscale.retailSchedule()).toEqual({
      timeZone: "America/New_York",
      windows: [
        { name: "business-hours", days: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], start: "08:00", end: "20:00", minReplicas: 2, maxReplicas: 16, defaultReplicas: 4 },
        { name: "weekend", days: ["Saturday", "Sunday"], start: "00:00", end: "24:00", minReplicas: 0, maxReplicas: 4, defaultReplicas: 1 },
      ],
      outside: { name: "off-peak", minReplicas: 0, maxReplicas: 4, defaultReplicas: 1 },
    });
  });
});

describe("ScheduledAutoscale on a Container App: KEDA cron rules", () => {
  test("the spec's schedule: business hours become one cron rule, the weekend (minimum 0) none; what cannot be applied is a warning", () => {
    const { stack, schedule } = onApp();
    const template = synthesize(stack);
    expect(template.count("azurerm_monitor_autoscale_setting")).toBe(0);
    const { minReplicas, all } = cronRules(template);
    expect(minReplicas).toBe(0);
    expect(all).toEqual([
      { name: "business-hours", custom_rule_type: "cron", metadata: { timezone: "America/New_York", start: "0 8 * * 1-5", end: "0 20 * * 1-5", desiredReplicas: "2" } },
    ]);
    expect(schedule.cronRuleNames).toEqual(["business-hours"]);
    expect(schedule.resource).toBeUndefined();
    expect(warnings(stack)).toEqual([
      'window "business-hours": defaultReplicas 4 cannot be applied to a Container App; its cron rule holds minReplicas 2 instead',
      'window "weekend": maxReplicas 4 cannot be applied to a Container App (KEDA cron rules only raise the floor); the app\'s maxReplicas 16 applies instead',
      'window "weekend": defaultReplicas 1 cannot be applied to a Container App; its cron rule holds minReplicas 0 instead',
      'outside: maxReplicas 4 cannot be applied to a Container App (KEDA cron rules only raise the floor); the app\'s maxReplicas 16 applies instead',
      "outside: defaultReplicas 1 cannot be applied to a Container App; the app's minReplicas 0 applies instead",
    ]);
  });

  test("a week walked every 30 minutes over the synthesized cron rules gives the windows' minimum (spec schedule, and a weekend floor of 1)", () => {
    const weekendAtOne = RETAIL.windows.map((w) => (w.name === "weekend" ? { ...w, minReplicas: 1 } : w));
    for (const windows of [RETAIL.windows, weekendAtOne]) {
      const { stack } = onApp({ windows });
      const template = synthesize(stack);
      expect(weekMismatches(template, windows, RETAIL.outside, 30)).toEqual([]);
    }
    const { stack } = onApp({ windows: weekendAtOne });
    expect(cronRules(synthesize(stack)).all).toContainEqual({
      name: "weekend",
      custom_rule_type: "cron",
      metadata: { timezone: "America/New_York", start: "0 0 * * 6", end: "0 0 * * 1", desiredReplicas: "1" },
    });
  });

  test("awkward windows: 24:00 on Friday ends Saturday 00:00, on Sunday ends Monday 00:00 (day 1); walked every 15 minutes", () => {
    const { stack } = onApp({ windows: AWKWARD, outside: undefined }, { maxReplicas: 10 });
    const template = synthesize(stack);
    const byName = Object.fromEntries(cronRules(template).rules.map((rule) => [(rule as unknown as { name: string }).name, rule.metadata]));
    expect(byName["friday-late"]).toMatchObject({ start: "0 22 * * 5", end: "0 0 * * 6" });
    expect(byName["sunday-late"]).toMatchObject({ start: "0 22 * * 0", end: "0 0 * * 1" });
    expect(byName["saturday"]).toMatchObject({ start: "0 0 * * 6", end: "0 0 * * 0" });
    expect(byName["morning"]).toMatchObject({ start: "45 7 * * 1-5", end: "0 12 * * 1-5" });
    for (const metadata of Object.values(byName)) {
      expect(cronProblem(metadata.start)).toBeUndefined();
      expect(cronProblem(metadata.end)).toBeUndefined();
    }
    expect(weekMismatches(template, AWKWARD, { minReplicas: 0, maxReplicas: 10 }, 15)).toEqual([]);
  });

  test("outside defaults to the app's own bounds; windows within them give no warnings; the app's other rules stay", () => {
    const { stack, app } = appSetup({ maxReplicas: 6, ingress: { targetPort: 8080 } });
    app.scaleOnHttpConcurrency({ concurrentRequests: 10 });
    new ScheduledAutoscale(stack, "schedule", {
      target: app,
      timeZone: "Europe/Berlin",
      windows: [{ name: "shop-open", days: Weekdays.EVERY_DAY, start: "09:00", end: "18:00", minReplicas: 2, maxReplicas: 6 }],
    });
    const template = synthesize(stack);
    expect(warnings(stack)).toEqual([]);
    expect(template.findOne("azurerm_container_app").props.template.http_scale_rule).toEqual([{ name: "http-concurrency", concurrent_requests: "10" }]);
    expect(cronRules(template).all).toEqual([
      { name: "shop-open", custom_rule_type: "cron", metadata: { timezone: "Europe/Berlin", start: "0 9 * * *", end: "0 18 * * *", desiredReplicas: "2" } },
    ]);
  });

  test("a window minimum below the app's minReplicas, and an outside minimum other than the app's, are warnings", () => {
    const { stack } = onApp(
      { windows: [{ name: "night", days: Weekdays.EVERY_DAY, start: "01:00", end: "05:00", minReplicas: 1, maxReplicas: 5 }], outside: { minReplicas: 0, maxReplicas: 5 } },
      { minReplicas: 2, maxReplicas: 5 },
    );
    expect(warnings(stack)).toEqual([
      'window "night": minReplicas 1 cannot be applied: the app\'s own minReplicas 2 is the floor at all times',
      "outside: minReplicas 0 cannot be applied to a Container App: outside windows its own minReplicas 2 is the floor. Set minReplicas on the ScaledAgentApp instead",
    ]);
    synthesize(stack);
  });

  const errors: Array<[string, Partial<ScheduledAutoscaleProps>, Partial<ScaledAgentAppProps>, RegExp]> = [
    ["a window maximum above the app's maxReplicas", {}, { maxReplicas: 10 }, /window "business-hours": maxReplicas must be an integer from 0 to 10 \(the maxReplicas of Container App "[a-z0-9-]+"; raise it on the app\); got 16/],
    ["a window minimum above the app's maxReplicas", { windows: [{ ...RETAIL.windows[0]!, minReplicas: 12, maxReplicas: 12 }] }, { maxReplicas: 10 }, /window "business-hours": minReplicas must be an integer from 0 to 10 .*got 12/],
    ["metric rules", { rules: cpuRules(vmss()) }, {}, /rules apply to VM scale sets and App Service plans; got 2 for Container App/],
    ["a setting name", { settingName: "x" }, {}, /settingName applies to VM scale sets and App Service plans/],
    ["an invalid time zone (even when no window adds a rule)", { timeZone: "Eastern Standard Time", windows: [RETAIL.windows[1]!] }, {}, /time zone "Eastern Standard Time" is not an IANA time-zone name/],
    ["overlapping windows", { windows: [RETAIL.windows[0]!, { ...RETAIL.windows[1]!, days: [Weekday.FRIDAY] }] }, {}, /windows "business-hours" \(08:00-20:00\) and "weekend" \(00:00-24:00\) overlap on Friday/],
  ];
  test.each(errors)("%s: a clear error naming the construct path", (_name, props, appProps, message) => {
    expect(() => onApp(props, { maxReplicas: 16, ...appProps })).toThrow(message);
    expect(() => onApp(props, { maxReplicas: 16, ...appProps })).toThrow(/^test\/schedule: /);
  });

  test("a window named like one of the app's rules is rejected at the schedule's path", () => {
    const { stack, app } = appSetup({ maxReplicas: 16, ingress: { targetPort: 80 } });
    app.scaleOnHttpConcurrency({ concurrentRequests: 5, name: "business-hours" });
    expect(() => new ScheduledAutoscale(stack, "schedule", { target: app, ...RETAIL })).toThrow(/^test\/schedule: window "business-hours": Container App "[a-z0-9-]+" already has a scale rule named "business-hours"/);
  });
});

const ruleJson = (metric: string, resourceId: string) => [
  {
    metric_trigger: { metric_name: metric, metric_resource_id: resourceId, operator: "GreaterThan", statistic: "Average", threshold: 70, time_aggregation: "Average", time_grain: "PT1M", time_window: "PT5M" },
    scale_action: { direction: "Increase", type: "ChangeCount", value: 2, cooldown: "PT5M" },
  },
  {
    metric_trigger: { metric_name: metric, metric_resource_id: resourceId, operator: "LessThan", statistic: "Average", threshold: 30, time_aggregation: "Average", time_grain: "PT1M", time_window: "PT10M" },
    scale_action: { direction: "Decrease", type: "ChangeCount", value: 1, cooldown: "PT10M" },
  },
];

describe("ScheduledAutoscale on a VM scale set: azurerm_monitor_autoscale_setting", () => {
  test("the spec's full schedule: default profile, a profile per window start, explicit off-peak profiles at window ends, rules in every profile", () => {
    const { stack, schedule } = onVmss();
    const template = synthesize(stack);
    const setting = template.findOne("azurerm_monitor_autoscale_setting");
    expect(schedule.resource).toBeDefined();
    expect(schedule.cronRuleNames).toEqual([]);
    expect(schedule.resource!.node.id).toBe("Resource");
    expect(setting.props).toMatchObject({ resource_group_name: "rg-retail", location: "eastus2", target_resource_id: VMSS_ID, name: expect.stringMatching(/^autoscale-schedule-[0-9a-f]{8}$/) });
    const rule = ruleJson("Percentage CPU", VMSS_ID);
    const recurrence = (days: string[], hour: number) => ({ timezone: "Eastern Standard Time", days, hours: [hour], minutes: [0] });
    const offPeak = { default: 1, maximum: 4, minimum: 0 };
    expect(setting.props.profile).toEqual([
      { name: "off-peak", capacity: offPeak, rule },
      { name: "business-hours", capacity: { default: 4, maximum: 16, minimum: 2 }, recurrence: recurrence(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], 8), rule },
      { name: "weekend", capacity: offPeak, recurrence: recurrence(["Saturday", "Sunday"], 0), rule },
      { name: "off-peak from 00:00", capacity: offPeak, recurrence: recurrence(["Monday"], 0), rule },
      { name: "off-peak from 20:00", capacity: offPeak, recurrence: recurrence(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], 20), rule },
    ]);
  });

  test("a week walked every 30 minutes over the synthesized profiles (latest recurrence wins) gives the windows' capacity", () => {
    const { stack } = onVmss();
    expect(weekMismatches(synthesize(stack), RETAIL.windows, RETAIL.outside, 30)).toEqual([]);
  });

  test("awkward windows, walked every 15 minutes", () => {
    const outside = { name: "quiet", minReplicas: 1, maxReplicas: 2 };
    const { stack } = onVmss({ windows: AWKWARD, outside });
    const template = synthesize(stack);
    expect(profiles(template).map((p) => p.name)).toEqual(["quiet", "morning", "afternoon", "friday-late", "saturday", "sunday-late", "quiet from 00:00", "quiet from 18:30"]);
    expect(weekMismatches(template, AWKWARD, outside, 15)).toEqual([]);
    expect(warnings(stack)).toEqual([]);
  });

  test("profiles with minimum 0 and only the target's own metrics to scale out get a warning each", () => {
    const { stack } = onVmss();
    const found = warnings(stack);
    expect(found).toHaveLength(4);
    for (const name of ["off-peak", "weekend", "off-peak from 00:00", "off-peak from 20:00"]) {
      expect(found).toContainEqual(expect.stringMatching(new RegExp(`^profile "${name}" has minimum 0 and its rules read the VM scale set's own metrics \\("Percentage CPU"\\), which report nothing at 0 instances`)));
    }
  });

  test("a scale-in rule alone on the target's own metrics also leaves a minimum-0 profile stuck: warned", () => {
    const { stack } = onVmss({ rules: [vmss().cpuBelow(30)] });
    expect(warnings(stack)).toHaveLength(4);
  });

  test("no such warning when a scale-out rule reads another resource, or without rules", () => {
    const queueRule: ScheduledAutoscaleRule = {
      metric: "ActiveMessages",
      metricNamespace: "Microsoft.ServiceBus/namespaces",
      metricResourceId: QUEUE_ID,
      operator: AutoscaleOperator.GREATER_THAN,
      threshold: 100,
      statistic: AutoscaleStatistic.MAX,
      timeAggregation: AutoscaleTimeAggregation.MAXIMUM,
      window: Duration.minutes(5),
      timeGrain: Duration.minutes(1),
      direction: AutoscaleDirection.INCREASE,
      changeCount: 1,
      changeType: AutoscaleChangeType.EXACT_COUNT,
      cooldown: Duration.hours(1),
    };
    const withQueue = onVmss({ rules: [...cpuRules(vmss()), queueRule] });
    expect(warnings(withQueue.stack)).toEqual([]);
    expect(profiles(synthesize(withQueue.stack))[0]!).toMatchObject({
      rule: [{}, {}, { metric_trigger: { metric_name: "ActiveMessages", metric_namespace: "Microsoft.ServiceBus/namespaces", metric_resource_id: QUEUE_ID, statistic: "Max", time_aggregation: "Maximum" }, scale_action: { type: "ExactCount", value: 1, cooldown: "PT1H" } }],
    });
    const scheduleOnly = onVmss({ rules: undefined });
    expect(warnings(scheduleOnly.stack)).toEqual([]);
    expect(profiles(synthesize(scheduleOnly.stack)).every((p) => !("rule" in p))).toBe(true);
  });

  test("a target id from another resource (a token) and an explicit setting name", () => {
    const stack = testStack();
    const id = new TerraformVariable(stack, "vmss_id", { type: "string" }).stringValue;
    const target = ScheduledAutoscaleTarget.vmScaleSet(id, PLACEMENT);
    new ScheduledAutoscale(stack, "schedule", { target, ...RETAIL, rules: cpuRules(target), settingName: "agents-autoscale" });
    const setting = synthesize(stack).findOne("azurerm_monitor_autoscale_setting").props;
    expect(setting).toMatchObject({ name: "agents-autoscale", target_resource_id: "${var.vmss_id}" });
    expect(setting.profile[0].rule[0].metric_trigger.metric_resource_id).toBe("${var.vmss_id}");
  });
});

describe("ScheduledAutoscale on an App Service plan", () => {
  test("CPU rules use the plan's host metric CpuPercentage; the minimum-0 warning names the plan", () => {
    const stack = testStack();
    const target = ScheduledAutoscaleTarget.appServicePlan(PLAN_ID, PLACEMENT);
    expect(target.cpuMetric).toBe("CpuPercentage");
    new ScheduledAutoscale(stack, "schedule", { target, ...RETAIL, rules: cpuRules(target) });
    const template = synthesize(stack);
    const setting = template.findOne("azurerm_monitor_autoscale_setting").props;
    expect(setting.target_resource_id).toBe(PLAN_ID);
    for (const profile of setting.profile) expect(profile.rule).toEqual(ruleJson("CpuPercentage", PLAN_ID));
    expect(warnings(stack)).toContainEqual(expect.stringMatching(/^profile "weekend" has minimum 0 and its rules read the App Service plan's own metrics \("CpuPercentage"\)/));
    expect(weekMismatches(template, RETAIL.windows, RETAIL.outside, 60)).toEqual([]);
  });

  test("cpuAbove/cpuBelow defaults: 5 min window, 1 min grain, change 1, 5 min cooldown", () => {
    const target = ScheduledAutoscaleTarget.appServicePlan(PLAN_ID, PLACEMENT);
    const stack = testStack();
    new ScheduledAutoscale(stack, "schedule", { target, ...RETAIL, rules: [target.cpuBelow(25)] });
    expect(profiles(synthesize(stack))[0]!).toMatchObject({
      rule: [
        {
          metric_trigger: { metric_name: "CpuPercentage", operator: "LessThan", threshold: 25, time_grain: "PT1M", time_window: "PT5M" },
          scale_action: { direction: "Decrease", type: "ChangeCount", value: 1, cooldown: "PT5M" },
        },
      ],
    });
  });
});

describe("ScheduledAutoscale validation on Azure autoscale targets", () => {
  const rule = (overrides: Partial<ScheduledAutoscaleRule>): ScheduledAutoscaleRule[] => [{ ...vmss().cpuAbove(70), ...overrides }];
  const tenWindowsTenEnds: ScheduleWindow[] = Array.from({ length: 10 }, (_, i) => ({
    name: `w${i}`,
    days: [Weekday.MONDAY],
    start: formatTimeOfDay(i * 120),
    end: formatTimeOfDay(i * 120 + 60),
    minReplicas: 1,
    maxReplicas: 2,
  }));
  const cases: Array<[string, Partial<ScheduledAutoscaleProps>, RegExp]> = [
    ["invalid time zone", { timeZone: "America/Gotham" }, /time zone "America\/Gotham" is not an IANA time-zone name/],
    ["Windows name instead of IANA", { timeZone: "Eastern Standard Time" }, /time zone "Eastern Standard Time" is not an IANA time-zone name/],
    ["zone Azure autoscale does not accept", { timeZone: "America/Havana" }, /its Windows zone "Cuba Standard Time" is not one Azure autoscale accepts/],
    ["no outside", { outside: undefined }, /outside is required for a VM scale set: it is the capacity restored when a window ends/],
    ["empty windows", { windows: [] }, /windows is empty; give at least one window/],
    ["time not HH:MM", { windows: [{ ...RETAIL.windows[0]!, start: "8am" }] }, /window "business-hours" start "8am" is not a time in HH:MM form/],
    ["unknown day", { windows: [{ ...RETAIL.windows[0]!, days: ["Mon" as Weekday] }] }, /window "business-hours": "Mon" is not a day; use Monday, Tuesday/],
    ["start not before end", { windows: [{ ...RETAIL.windows[0]!, start: "20:00", end: "08:00" }] }, /window "business-hours": start 20:00 is not before end 08:00/],
    ["overlapping windows", { windows: [...RETAIL.windows, { name: "lunch", days: [Weekday.MONDAY], start: "12:00", end: "13:00", minReplicas: 4, maxReplicas: 16 }] }, /windows "business-hours" \(08:00-20:00\) and "lunch" \(12:00-13:00\) overlap on Monday/],
    ["capacity above 1000", { windows: [{ ...RETAIL.windows[0]!, maxReplicas: 1200 }] }, /window "business-hours": maxReplicas must be an integer from 0 to 1000 \(Azure autoscale's limit\); got 1200/],
    ["default below minimum", { outside: { minReplicas: 2, maxReplicas: 4, defaultReplicas: 1 } }, /outside: defaultReplicas \(1\) must be from minReplicas \(2\) to maxReplicas \(4\)/],
    ["more than 20 profiles", { windows: tenWindowsTenEnds }, /the schedule expands to 21 profiles \(1 default, 10 window starts, 10 window ends that restore "off-peak"\); Azure autoscale allows at most 20/],
    ["more than 10 rules", { rules: Array.from({ length: 11 }, () => vmss().cpuAbove(70)) }, /11 rules given; Azure autoscale allows at most 10 per profile/],
    ["time grain under 1 min", { rules: rule({ timeGrain: Duration.seconds(30) }) }, /rule 1 \(Percentage CPU\): timeGrain must be whole minutes from 1 min to 12 h; got 30 s/],
    ["time grain over 12 h", { rules: rule({ timeGrain: Duration.hours(13), window: Duration.hours(12) }) }, /timeGrain must be whole minutes from 1 min to 12 h; got 13 h/],
    ["window under 5 min", { rules: rule({ window: Duration.minutes(4) }) }, /rule 1 \(Percentage CPU\): window must be whole minutes from 5 min to 12 h; got 4 min/],
    ["window over 12 h", { rules: rule({ window: Duration.hours(13) }) }, /window must be whole minutes from 5 min to 12 h; got 13 h/],
    ["window not whole minutes", { rules: rule({ window: Duration.seconds(330) }) }, /window must be whole minutes .*got 330 s/],
    ["cooldown under 1 min", { rules: rule({ cooldown: Duration.seconds(30) }) }, /cooldown must be whole minutes from 1 min to 168 h; got 30 s/],
    ["cooldown over a week", { rules: rule({ cooldown: Duration.days(8) }) }, /cooldown must be whole minutes from 1 min to 168 h; got 192 h/],
    ["time grain longer than window", { rules: rule({ timeGrain: Duration.minutes(10), window: Duration.minutes(5) }) }, /timeGrain \(10 min\) is longer than window \(5 min\)/],
    ["unknown operator", { rules: rule({ operator: "Above" as ScheduledAutoscaleRule["operator"] }) }, /rule 1 \(Percentage CPU\): operator "Above" is not valid. Use one of: GreaterThan, GreaterThanOrEqual/],
    ["P95 statistic", { rules: rule({ statistic: "P95" as ScheduledAutoscaleRule["statistic"] }) }, /statistic "P95" is not valid. Use one of: Average, Max, Min, Sum/],
    ["unknown time aggregation", { rules: rule({ timeAggregation: "Median" as ScheduledAutoscaleRule["timeAggregation"] }) }, /timeAggregation "Median" is not valid/],
    ["unknown direction", { rules: rule({ direction: "Up" as ScheduledAutoscaleRule["direction"] }) }, /direction "Up" is not valid. Use one of: Increase, Decrease/],
    ["unknown change type", { rules: rule({ changeType: "ServiceAllowedNextValue" as ScheduledAutoscaleRule["changeType"] }) }, /changeType "ServiceAllowedNextValue" is not valid/],
    ["change count 0", { rules: rule({ changeCount: 0 }) }, /changeCount must be an integer >= 1; got 0/],
    ["threshold not a number", { rules: rule({ threshold: Number.NaN }) }, /threshold must be a finite number; got NaN/],
    ["no metric", { rules: rule({ metric: "" }) }, /rule 1 has no metric. Name a metric of the VM scale set, e.g. "Percentage CPU"/],
    ["App Service CPU metric on a VM scale set", { rules: rule({ metric: "CpuPercentage" }) }, /rule 1 \(CpuPercentage\): "CpuPercentage" is the App Service plan CPU metric; a VM scale set reports CPU as "Percentage CPU"/],
    ["metric resource not an Azure id", { rules: rule({ metricResourceId: "sb-retail" }) }, /metricResourceId "sb-retail" is not an Azure resource id/],
    ["setting name Azure rejects", { settingName: "agents/autoscale" }, /autoscale setting name "agents\/autoscale" is not valid/],
    ["target id of another resource type", { target: ScheduledAutoscaleTarget.vmScaleSet(PLAN_ID, PLACEMENT) }, /target ".*serverFarms\/plan-agents" is not a VM scale set resource id. Pass \/subscriptions\/<id>\/resourceGroups\/<group>\/providers\/Microsoft.Compute\/virtualMachineScaleSets\/<name>/],
    ["no location", { target: ScheduledAutoscaleTarget.vmScaleSet(VMSS_ID, { resourceGroupName: "rg", location: "" }) }, /the VM scale set target needs a resourceGroupName and a location/],
  ];
  test.each(cases)("%s: a clear error naming the construct path", (_name, props, message) => {
    expect(() => onVmss(props)).toThrow(message);
    expect(() => onVmss(props)).toThrow(/^test\/schedule: /);
  });

  test("ExactCount may be 0; exactly 20 profiles and 10 rules are allowed", () => {
    // w8 (16:00-17:00) now ends when w9 starts (18:00): its end needs no profile.
    const windows = tenWindowsTenEnds.map((w) => (w.name === "w8" ? { ...w, end: "18:00" } : w));
    const { stack } = onVmss({ windows, rules: [...Array.from({ length: 9 }, () => vmss().cpuAbove(70)), { ...vmss().cpuBelow(5), changeType: AutoscaleChangeType.EXACT_COUNT, changeCount: 0 }] });
    const found = profiles(synthesize(stack));
    expect(found).toHaveLength(20);
    expect(found[0]!.rule).toHaveLength(10);
  });
});

describe("random schedules, synthesized for both kinds of target", () => {
  test("the capacity in force every 30 minutes is the one the windows say", () => {
    const outside = { minReplicas: 0, maxReplicas: 7, defaultReplicas: 1 };
    fc.assert(
      fc.property(randomWindows(30, 4, 4), (windows) => {
        let vm: ReturnType<typeof onVmss>;
        try {
          vm = onVmss({ windows, outside, rules: undefined });
        } catch (error) {
          fc.pre(!/overlap|covers the whole week/.test(String(error)));
          throw error;
        }
        expect(weekMismatches(synthesize(vm.stack), windows, outside, 30)).toEqual([]);
        const { stack } = onApp({ windows, outside: { minReplicas: 0, maxReplicas: 7 } }, { maxReplicas: 7 });
        expect(weekMismatches(synthesize(stack), windows, outside, 30)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});
