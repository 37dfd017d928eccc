import { route, type Routable } from "../../src/pool/router";

/** A deployment for the router: ready at `readyAt`, with `headroom`. */
function fake(name: string, priority: number, headroom: number, readyAt = 0, inFlight = 0): Routable & { name: string } {
  return { name, priority, inFlight, headroom: () => headroom, readyAt: (_tokens, now) => Math.max(now, readyAt) };
}

describe("route", () => {
  test("within a priority group, the deployment with the most headroom", () => {
    const r = route([fake("a", 0, 0.2), fake("b", 0, 0.7), fake("c", 0, 0.5)], 100, 0);
    expect(r.deployment?.name).toBe("b");
  });

  test("a lower priority group first, even with less headroom", () => {
    const r = route([fake("spill", 1, 1), fake("ptu", 0, 0.1)], 100, 0);
    expect(r.deployment?.name).toBe("ptu");
  });

  test("spills over to the next group rather than wait", () => {
    const r = route([fake("ptu", 0, 0, 500), fake("paygo", 1, 0.3)], 100, 0);
    expect(r.deployment?.name).toBe("paygo");
  });

  test("ties go to the one with fewer calls in flight", () => {
    const r = route([fake("busy", 0, 0.5, 0, 9), fake("idle", 0, 0.5, 0, 1)], 100, 0);
    expect(r.deployment?.name).toBe("idle");
  });

  test("skips deployments the call avoids, and says how long until the first is ready", () => {
    const a = fake("a", 0, 1);
    const b = fake("b", 1, 1, 300);
    expect(route([a, b], 100, 0, (d) => (d === a ? 200 : 0))).toEqual({ waitMs: 200 });
    expect(route([a, b], 100, 0, (d) => (d === a ? 900 : 0))).toEqual({ waitMs: 300 });
  });

  test("Infinity when no deployment will be ready", () => {
    expect(route([fake("a", 0, 1, Infinity)], 100, 0)).toEqual({ waitMs: Infinity });
    expect(route([], 100, 0)).toEqual({ waitMs: Infinity });
  });
});
