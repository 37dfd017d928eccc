import { setMaxListeners } from "node:events";
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { mulberry32 } from "../../src/core/random";

/** One call of a conversation, as a design sees it. */
export interface CallContext {
  /** Monotonic ms by which the whole conversation must be done. */
  readonly deadline: number;
  /** Aborts at the deadline. */
  readonly signal: AbortSignal;
  /** 0 for the call that opens the conversation, then 1, 2, 3. */
  readonly index: number;
  /** Calls still to come after this one. */
  readonly callsAfter: number;
}

/** A way of calling Azure OpenAI under test: the pool, or a baseline. */
export interface Design {
  call(params: ChatCompletionCreateParamsNonStreaming, context: CallContext): Promise<ChatCompletion>;
  close(): Promise<void>;
}

/** The load, in model time (uncompressed). */
export interface Workload {
  /** Conversations (user requests) starting per second, Poisson. */
  readonly arrivalsPerSecond: number;
  /** Calls per conversation, one after another (the spec: critic, intent, escalation, response). */
  readonly callsPerConversation: number;
  /** Time a conversation may take, in ms. */
  readonly deadlineMs: number;
  /** How long conversations keep arriving, in ms. */
  readonly durationMs: number;
  /** Time compression: real time is model time / scale. */
  readonly scale: number;
  readonly seed: number;
}

/** A completed call: when (real ms since the run started) and the tokens the service counted for it. */
export interface CallRecord {
  readonly at: number;
  readonly tokens: number;
}

/** How one conversation went. */
export interface ConversationResult {
  /** Real ms since the run started. */
  readonly arrival: number;
  readonly end: number;
  /** Every call done before the deadline. */
  readonly ok: boolean;
  /** The first call was turned away by admission control (nothing was spent). */
  readonly rejected: boolean;
  /** Error name and index of the call that failed, or "late". */
  readonly failure?: string;
  /**
   * A call that failed on its deadline while at the service: the time it had left when sent, model ms (from the
   * pool's PoolDeadlineExceededError.timeLeftAtSendMs).
   */
  readonly timeLeftAtSendMs?: number;
  readonly calls: readonly CallRecord[];
}

/** Prompt text: common words of retail customer-service chat. */
const WORDS = (
  "order delivery refund return item package customer account please help thank you would like know where status " +
  "tracking number store online price discount coupon size color exchange payment card charged twice yesterday today " +
  "week shipping address change cancel subscription product warranty broken damaged arrived late missing receipt " +
  "support agent policy days within eligible information email phone reply soon question about my the a to and is " +
  "it for of in on can I we our your was has been will this that with"
).split(" ");

/** Arrival times (real ms from the start) of a Poisson process of the workload's rate. */
export function poissonArrivals(workload: Workload, random: () => number): number[] {
  const perMs = (workload.arrivalsPerSecond * workload.scale) / 1000;
  const end = workload.durationMs / workload.scale;
  const times: number[] = [];
  for (let t = -Math.log(1 - random()) / perMs; t < end; t += -Math.log(1 - random()) / perMs) times.push(t);
  return times;
}

/**
 * One call's request: a system prompt and a user turn of about 150 tokens (as the mock counts) in all, and
 * max_tokens 100, so about 250 tokens per call and 1,000 per conversation of four calls, as the spec assumes.
 */
export function callParams(random: () => number, deployment: string): ChatCompletionCreateParamsNonStreaming {
  const words = (n: number): string => Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" ") + ".";
  return {
    model: deployment,
    max_tokens: 100,
    messages: [
      { role: "system", content: words(30 + Math.floor(random() * 20)) },
      { role: "user", content: words(50 + Math.floor(random() * 40)) },
    ],
  };
}

/** The arrivals of a workload and the requests of each conversation's calls, drawn from its seed. */
export interface Schedule {
  /** Real ms from the start. */
  readonly arrivals: readonly number[];
  readonly params: readonly (readonly ChatCompletionCreateParamsNonStreaming[])[];
}

/** Draws a workload's schedule (the same for every design and process given the same workload and seed). */
export function makeSchedule(workload: Workload, deployment: string): Schedule {
  const random = mulberry32(workload.seed);
  const arrivals = poissonArrivals(workload, random);
  const params = arrivals.map(() => Array.from({ length: workload.callsPerConversation }, () => callParams(random, deployment)));
  return { arrivals, params };
}

/** The conversations of a schedule a load balancer sends to one of `replicas` replicas, round-robin by arrival. */
export function roundRobinShare(schedule: Schedule, replica: number, replicas: number): Schedule {
  const keep = (_: unknown, i: number): boolean => i % replicas === replica;
  return { arrivals: schedule.arrivals.filter(keep), params: schedule.params.filter(keep) };
}

/**
 * Runs the workload open-loop against a design: conversations start at their Poisson arrival times whether or not
 * earlier ones have finished; each makes its calls one after another until one fails or all are done. Resolves
 * when every conversation has ended.
 */
export async function runWorkload(design: Design, workload: Workload, deployment: string): Promise<ConversationResult[]> {
  return runSchedule(design, makeSchedule(workload, deployment), workload);
}

/**
 * Runs a schedule open-loop against a design, as {@link runWorkload}. `start` is the performance.now() time that
 * arrival 0 ms is (later than now to start several processes together); result times are real ms since then.
 */
export async function runSchedule(design: Design, schedule: Schedule, workload: Workload, start = performance.now()): Promise<ConversationResult[]> {
  const { arrivals, params } = schedule;
  const conversations: Promise<ConversationResult>[] = [];
  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = (): void => {
      const now = performance.now() - start;
      while (next < arrivals.length && (arrivals[next] as number) <= now) {
        conversations.push(converse(design, params[next] as ChatCompletionCreateParamsNonStreaming[], start, workload));
        next++;
      }
      if (next >= arrivals.length) resolve();
      else setTimeout(tick, Math.max(0, (arrivals[next] as number) - now));
    };
    tick();
  });
  return Promise.all(conversations);
}

async function converse(
  design: Design,
  calls: readonly ChatCompletionCreateParamsNonStreaming[],
  start: number,
  workload: Workload,
): Promise<ConversationResult> {
  const arrival = performance.now();
  const deadline = arrival + workload.deadlineMs / workload.scale;
  const signal = AbortSignal.timeout(workload.deadlineMs / workload.scale);
  // The SDK adds an abort listener per attempt and never removes it.
  setMaxListeners(0, signal);
  const records: CallRecord[] = [];
  for (const [index, params] of calls.entries()) {
    try {
      const completion = await design.call(params, { deadline, signal, index, callsAfter: calls.length - 1 - index });
      records.push({ at: performance.now() - start, tokens: (completion.usage?.prompt_tokens ?? 0) + (params.max_tokens ?? 0) });
    } catch (err) {
      const failure = `${err instanceof Error ? err.constructor.name : String(err)} (call ${index + 1})`;
      const timeLeft = (err as { timeLeftAtSendMs?: unknown }).timeLeftAtSendMs;
      return {
        arrival: arrival - start,
        end: performance.now() - start,
        ok: false,
        rejected: index === 0 && err instanceof Error && err.constructor.name === "PoolOverloadedError",
        failure,
        ...(typeof timeLeft === "number" ? { timeLeftAtSendMs: timeLeft * workload.scale } : {}),
        calls: records,
      };
    }
  }
  const end = performance.now();
  return { arrival: arrival - start, end: end - start, ok: end <= deadline, rejected: false, ...(end > deadline ? { failure: "late" } : {}), calls: records };
}
