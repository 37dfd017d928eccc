import { deploymentKey, derivedRequestsPerMinute, isAllowedEndpoint, POOL_DEFAULTS } from "../../src/contract";

describe("deployment rules shared by the writers and the pool", () => {
  test.each([
    [200_000, 6, 1200],
    [1_000, 6, 6],
    [100_000, 1, 100],
    [10_000, 1 / 6, 1], // o1: 1 RPM per 6,000 TPM, rounded down to 1
    [1_000, 0.1, 1], // never below one request per minute
    [1_500, 6, 9],
  ])("%d TPM at %d RPM per 1,000 TPM give %d RPM", (tpm, ratio, rpm) => {
    expect(derivedRequestsPerMinute(tpm, ratio)).toBe(rpm);
  });

  test("the default ratio is the classic chat models' 6 per 1,000 TPM", () => {
    expect(POOL_DEFAULTS.requestsPerMinutePer1000Tpm).toBe(6);
  });

  test.each([
    ["https://acct.openai.azure.com/", true],
    ["http://127.0.0.1:8080", true],
    ["http://localhost:1234/", true],
    ["http://[::1]:99/", true],
    ["http://acct.openai.azure.com/", false],
    ["http://10.0.0.5/", false],
    ["acct.openai.azure.com", false],
    ["ftp://acct.openai.azure.com/", false],
  ])("endpoint %s allowed: %s", (endpoint, allowed) => {
    expect(isAllowedEndpoint(endpoint)).toBe(allowed);
  });

  test("a deployment is its endpoint, trailing slashes ignored, and its name", () => {
    expect(deploymentKey({ endpoint: "https://a.openai.azure.com/", deployment: "chat" })).toBe(deploymentKey({ endpoint: "https://a.openai.azure.com", deployment: "chat" }));
    expect(deploymentKey({ endpoint: "https://a.openai.azure.com/", deployment: "chat" })).not.toBe(deploymentKey({ endpoint: "https://b.openai.azure.com/", deployment: "chat" }));
  });
});
