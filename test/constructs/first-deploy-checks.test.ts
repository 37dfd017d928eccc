import { AgentEnvironment, DEFAULT_CHAT_MODEL, RetailCustomerServicePlatform } from "../../constructs";
import { synthesize, testStack, warnings } from "../support/template";

const AS_OF = "2026-12-01";

test("a location typo is an error naming the construct path and the closest regions", () => {
  expect(() => new AgentEnvironment(testStack(), "env", { location: "westeurop" })).toThrow(/^test\/env: location "westeurop" is not an Azure region; did you mean "westeurope"/);
  expect(() => new RetailCustomerServicePlatform(testStack(), "cs", { location: "eastus22" })).toThrow(/^test\/cs\/Environment: location "eastus22" is not an Azure region; did you mean "eastus2"/);
});

test("external ingress on a platform component other than the API gateway is a warning on that app", () => {
  const stack = testStack();
  const platform = new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2", agents: { intent: { ingress: { targetPort: 8080, external: true } } }, openAI: { lifecycleAsOf: AS_OF }, alerts: { enabled: false } });
  const template = synthesize(stack);
  expect(template.findOne("azurerm_container_app", { name: platform.agents.intent.appName }).props.ingress.external_enabled).toBe(true);
  expect(warnings(platform.agents.intent)).toEqual([expect.stringMatching(/^intent has external ingress: the platform's design reaches agents and the SLIM gateway only through the API gateway/)]);
  expect(warnings(platform.apiGateway)).toEqual([]);
});

test("a schedule floor above an app's maxReplicas is capped there, with a warning stating both numbers", () => {
  const stack = testStack();
  const platform = new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2", apiGateway: { maxReplicas: 1 }, openAI: { lifecycleAsOf: AS_OF }, alerts: { enabled: false } });
  const rules = synthesize(stack).findOne("azurerm_container_app", { name: platform.apiGateway.appName }).props.template.custom_scale_rule;
  expect(rules).toEqual([expect.objectContaining({ name: "business-hours", metadata: expect.objectContaining({ desiredReplicas: "1" }) })]);
  expect(warnings(stack)).toContainEqual(expect.stringMatching(/window "business-hours" asks for at least 2 replicas, but apiGateway has maxReplicas 1: its floor there is 1/));
});

test("the default platform synthesizes with no warning on the release date (its deployment covers the plan's TPM)", () => {
  const stack = testStack();
  new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2", openAI: { lifecycleAsOf: AS_OF }, alerts: { emails: ["ops@example.com"] } });
  synthesize(stack);
  expect(warnings(stack)).toEqual([]);
});

test("the spec's diagram's 200,000 TPM, given explicitly, gets the shortfall warning with both numbers", () => {
  const stack = testStack();
  new RetailCustomerServicePlatform(stack, "cs", {
    location: "eastus2",
    openAI: { lifecycleAsOf: AS_OF, deployments: [{ name: "chat", model: DEFAULT_CHAT_MODEL.model, modelVersion: DEFAULT_CHAT_MODEL.version, tokensPerMinute: 200_000 }] },
    alerts: { emails: ["ops@example.com"] },
  });
  synthesize(stack);
  expect(warnings(stack)).toEqual([expect.stringMatching(/200,000 TPM in total, below the 210,000 TPM/)]);
});
