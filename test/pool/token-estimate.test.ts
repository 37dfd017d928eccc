import { CHARS_PER_TOKEN, DEFAULT_MAX_TOKENS, estimateChatTokens, PromptCalibration } from "../../src/pool/token-estimate";

describe("estimateChatTokens", () => {
  test("characters / 4 plus 4 per message and 3 for the reply, plus max_tokens", () => {
    const estimate = estimateChatTokens({
      model: "m",
      max_tokens: 100,
      messages: [
        { role: "system", content: "x".repeat(40) },
        { role: "user", content: "y".repeat(81), name: "ann" },
      ],
    });
    expect(estimate.promptTokens).toBe(Math.ceil((40 + 81 + 3) / CHARS_PER_TOKEN) + 2 * 4 + 3);
    expect(estimate.completionTokens).toBe(100);
    expect(estimate.total).toBe(estimate.promptTokens + 100);
  });

  test("max_completion_tokens before max_tokens, times n; the default when neither is set", () => {
    const messages = [{ role: "user" as const, content: "hi" }];
    expect(estimateChatTokens({ model: "m", messages, max_completion_tokens: 50, max_tokens: 999, n: 3 }).completionTokens).toBe(150);
    expect(estimateChatTokens({ model: "m", messages }).completionTokens).toBe(DEFAULT_MAX_TOKENS);
    expect(estimateChatTokens({ model: "m", messages }, 256).completionTokens).toBe(256);
  });

  test("counts content parts, tool calls, function calls and tool definitions", () => {
    const base = estimateChatTokens({ model: "m", messages: [{ role: "user", content: "" }], max_tokens: 1 }).promptTokens;
    const rich = estimateChatTokens({
      model: "m",
      max_tokens: 1,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "t".repeat(400) },
            { type: "image_url", image_url: { url: "https://example.com/a.png" } },
          ],
        },
        { role: "assistant", content: null, tool_calls: [{ id: "1", type: "function", function: { name: "f", arguments: "{}" } }] },
        { role: "assistant", content: null, function_call: { name: "g", arguments: "{}" } },
      ],
      tools: [{ type: "function", function: { name: "f", parameters: { type: "object" } } }],
    }).promptTokens;
    expect(rich - base).toBeGreaterThan(100 + 8);
  });
});

describe("PromptCalibration", () => {
  const estimate = { promptTokens: 100, completionTokens: 50, total: 150 };

  test("charges the estimate as is until it learns, then scales the prompt part", () => {
    const c = new PromptCalibration();
    expect(c.charge(estimate)).toBe(150);
    for (let i = 0; i < 100; i++) c.observe(estimate, 150);
    expect(c.promptRatio).toBeCloseTo(1.5, 2);
    expect(c.charge(estimate)).toBe(200);
  });

  test("ignores missing or absurd reports and bounds the ratio", () => {
    const c = new PromptCalibration();
    c.observe(estimate, undefined);
    c.observe(estimate, 0);
    c.observe({ ...estimate, promptTokens: 0 }, 10);
    expect(c.promptRatio).toBe(1);
    for (let i = 0; i < 200; i++) c.observe(estimate, 100_000);
    expect(c.promptRatio).toBeLessThanOrEqual(4);
  });
});
