import { TerraformVariable } from "cdktf";
import { RetailCustomerServicePlatform } from "../../constructs";
import { synthesize, testStack, warnings } from "../support/template";

test("replica ranges from Terraform variables: the platform synthesizes, the schedule floors stay, and the variables reach the JSON", () => {
  const stack = testStack();
  const gatewayMax = new TerraformVariable(stack, "gateway_max", { type: "number" }).numberValue;
  const responseMin = new TerraformVariable(stack, "response_min", { type: "number" }).numberValue;
  const platform = new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2", apiGateway: { maxReplicas: gatewayMax }, agents: { response: { minReplicas: responseMin } } });
  const template = synthesize(stack);
  const gateway = template.findOne("azurerm_container_app", { name: platform.apiGateway.appName }).props.template;
  expect(gateway.max_replicas).toBe("${var.gateway_max}");
  expect(gateway.custom_scale_rule).toEqual([expect.objectContaining({ name: "business-hours", custom_rule_type: "cron", metadata: expect.objectContaining({ desiredReplicas: "2" }) })]);
  const response = template.findOne("azurerm_container_app", { name: platform.agents.response.appName }).props.template;
  expect(response.min_replicas).toBe("${var.response_min}");
  // The capacity cross-check needs every maxReplicas; with a variable it is skipped rather than computed from a token.
  expect(warnings(stack).filter((w) => w.includes("maxReplicas add up"))).toEqual([]);
});
