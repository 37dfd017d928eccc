import type { ChatCompletionCreateParams } from "openai/resources/chat/completions";
import type { CompletionUsage } from "openai/resources/completions";

/**
 * Completion tokens assumed for a request that sets neither `max_completion_tokens` nor `max_tokens`; Azure OpenAI
 * then counts the model's own maximum against the quota, and a reasoning model may spend far more than this on
 * hidden reasoning alone, so always set one of them (`max_completion_tokens` for reasoning models).
 */
export const DEFAULT_MAX_TOKENS = 4096;

/** Characters per token of the estimator: the usual rule of thumb for English text with OpenAI tokenizers. */
export const CHARS_PER_TOKEN = 4;

/** Tokens per message for the role and separators, and for priming the reply (OpenAI's published counting). */
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_REPLY = 3;

/** What a chat-completions request counts against a deployment's tokens-per-minute quota, estimated before sending. */
export interface ChatTokenEstimate {
  /** Prompt tokens: characters / {@link CHARS_PER_TOKEN}, plus a few per message. */
  readonly promptTokens: number;
  /**
   * Completion tokens the service reserves: `max_completion_tokens` or `max_tokens` (or the default), times `n`. For a
   * reasoning model `max_completion_tokens` bounds the hidden reasoning tokens and the visible output together.
   */
  readonly completionTokens: number;
  /** Their sum: what the request is charged before it is sent. */
  readonly total: number;
}

/**
 * Estimates the tokens Azure OpenAI counts against the TPM quota for a request, as the service does before it runs
 * the model: the prompt plus the completion tokens it may produce, not the tokens it will use. The completion part is
 * `max_completion_tokens` when set, else `max_tokens`, else `defaultMaxTokens`: reasoning models (o-series, GPT-5
 * family) take only `max_completion_tokens`, which covers their hidden reasoning tokens as well as the answer.
 *
 * The prompt part is a cheap estimate, characters / 4 (the text of every message and content part, names, tool
 * calls, and the JSON of tool and response-format definitions), plus 4 tokens per message and 3 for the reply. It
 * is within some tens of percent of a real tokenizer for English; the pool scales it by the ratio of the service's
 * reported `usage.prompt_tokens` to this estimate, learned from recent responses.
 */
export function estimateChatTokens(params: ChatCompletionCreateParams, defaultMaxTokens: number = DEFAULT_MAX_TOKENS): ChatTokenEstimate {
  let chars = 0;
  for (const message of params.messages) chars += messageCharacters(message);
  for (const extra of [params.tools, params.functions, params.response_format]) {
    if (extra !== undefined && extra !== null) chars += JSON.stringify(extra).length;
  }
  const promptTokens = Math.ceil(chars / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE * params.messages.length + TOKENS_PER_REPLY;
  const maxTokens = params.max_completion_tokens ?? params.max_tokens ?? defaultMaxTokens;
  const completionTokens = maxTokens * (params.n ?? 1);
  return { promptTokens, completionTokens, total: promptTokens + completionTokens };
}

/**
 * The tokens a response reports having processed: `usage.total_tokens`, else `prompt_tokens + completion_tokens`;
 * undefined when the response carries no usable usage. `completion_tokens` already includes a reasoning model's
 * hidden reasoning tokens (`completion_tokens_details.reasoning_tokens` is a part of it, not an addition), so they
 * are counted once.
 */
export function reportedUsageTokens(usage: CompletionUsage | null | undefined): number | undefined {
  if (usage === null || usage === undefined) return undefined;
  const valid = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n) && n >= 0;
  if (valid(usage.total_tokens)) return usage.total_tokens;
  return valid(usage.prompt_tokens) && valid(usage.completion_tokens) ? usage.prompt_tokens + usage.completion_tokens : undefined;
}

function messageCharacters(message: ChatCompletionCreateParams["messages"][number]): number {
  let chars = "name" in message && typeof message.name === "string" ? message.name.length : 0;
  const content = message.content;
  if (typeof content === "string") {
    chars += content.length;
  } else if (Array.isArray(content)) {
    for (const part of content as readonly { type: string; text?: unknown }[]) {
      chars += part.type === "text" && typeof part.text === "string" ? part.text.length : JSON.stringify(part).length;
    }
  }
  if ("tool_calls" in message && message.tool_calls !== undefined) chars += JSON.stringify(message.tool_calls).length;
  if ("function_call" in message && message.function_call) chars += JSON.stringify(message.function_call).length;
  return chars;
}

/**
 * Learns how the service's prompt-token count compares with {@link estimateChatTokens}' (e.g. other languages or code
 * have fewer characters per token), as a moving average of their ratio, and applies it to later estimates.
 */
export class PromptCalibration {
  /** Weight of each new observation. */
  private static readonly WEIGHT = 0.1;
  /** The ratio stays within these bounds, so that one odd response cannot make the estimate absurd. */
  private static readonly MIN_RATIO = 0.25;
  private static readonly MAX_RATIO = 4;
  private ratio = 1;

  /** The tokens to charge for a request: the estimated prompt scaled by the learned ratio, plus the completion part. */
  charge(estimate: ChatTokenEstimate): number {
    return Math.ceil(estimate.promptTokens * this.ratio) + estimate.completionTokens;
  }

  /** Records the service's prompt-token count for a request that was estimated as `estimate`. */
  observe(estimate: ChatTokenEstimate, reportedPromptTokens: number | undefined): void {
    if (reportedPromptTokens === undefined || !(reportedPromptTokens > 0) || estimate.promptTokens <= 0) return;
    const sample = Math.min(PromptCalibration.MAX_RATIO, Math.max(PromptCalibration.MIN_RATIO, reportedPromptTokens / estimate.promptTokens));
    this.ratio += PromptCalibration.WEIGHT * (sample - this.ratio);
  }

  /** The current ratio of reported to estimated prompt tokens. */
  get promptRatio(): number {
    return this.ratio;
  }
}
