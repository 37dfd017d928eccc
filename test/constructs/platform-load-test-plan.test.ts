/**
 * platform.loadTestPlan(): the load-test plan of the traffic the platform was sized for (LoadTestPlan's own rules are
 * in test/capacity/load-test-plan.test.ts).
 */
import { CapacityPlan, RetailCustomerServicePlatform } from "../../constructs";
import { testStack } from "../support/template";

const TARGET = "https://gateway.example.com";

describe("RetailCustomerServicePlatform.loadTestPlan", () => {
  test("follows the platform's traffic: the peak phase at its plan's exact peak rate, the day at its daily messages", () => {
    const platform = new RetailCustomerServicePlatform(testStack(), "cs", { location: "eastus2", traffic: { dailyUsers: 20_000 } });
    const loadTest = platform.loadTestPlan({ target: TARGET, compression: 60 });
    const twice = CapacityPlan.fromTraffic({ dailyUsers: 20_000 });
    expect(loadTest.phases).toHaveLength(24);
    expect(loadTest.phases[12]).toMatchObject({ name: "12:00-13:00", durationSeconds: 60, arrivalRate: twice.peakRpsExact });
    expect(twice.peakRpsExact).toBeCloseTo(2 * CapacityPlan.fromTraffic().peakRpsExact, 9);
    const dayAtRealRates = loadTest.phases.reduce((sum, phase) => sum + phase.arrivalRate * 3_600, 0);
    expect(dayAtRealRates).toBeCloseTo(twice.dailyMessages, 6);
    expect(loadTest.phases).toEqual(twice.loadTestPlan({ target: TARGET, compression: 60 }).phases);
  });

  test("rejects the gateway URL as a synth-time token and says to pass the deployed URL", () => {
    const platform = new RetailCustomerServicePlatform(testStack(), "cs", { location: "eastus2" });
    expect(() => platform.loadTestPlan({ target: platform.gatewayUrl })).toThrow(/target must be an http\(s\) URL .*an unresolved Terraform token: pass the deployed URL/);
  });
});
