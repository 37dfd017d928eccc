import { CircuitBreaker } from "../../src/pool/breaker";

describe("CircuitBreaker", () => {
  const options = { failureThreshold: 3, openMs: 1000 };

  test("opens after failureThreshold failures in a row; a success in between resets the count", () => {
    const b = new CircuitBreaker(options);
    b.onFailure(0);
    b.onFailure(0);
    b.onSuccess();
    b.onFailure(0);
    b.onFailure(0);
    expect(b.state(0)).toBe("closed");
    expect(b.readyAt(0)).toBe(0);
    b.onFailure(10);
    expect(b.state(10)).toBe("open");
    expect(b.readyAt(10)).toBe(1010);
  });

  test("half-open after openMs lets one probe through; success closes", () => {
    const b = new CircuitBreaker(options);
    for (let i = 0; i < 3; i++) b.onFailure(0);
    expect(b.state(1000)).toBe("half-open");
    expect(b.readyAt(1000)).toBe(1000);
    b.onAttempt(1000);
    expect(b.readyAt(1001)).toBe(Infinity);
    b.onSuccess();
    expect(b.state(1001)).toBe("closed");
  });

  test("a failed probe opens it again for openMs", () => {
    const b = new CircuitBreaker(options);
    for (let i = 0; i < 3; i++) b.onFailure(0);
    b.onAttempt(1500);
    b.onFailure(1600);
    expect(b.state(1700)).toBe("open");
    expect(b.readyAt(1700)).toBe(2600);
  });

  test("an abandoned probe lets another one go", () => {
    const b = new CircuitBreaker(options);
    for (let i = 0; i < 3; i++) b.onFailure(0);
    b.onAttempt(1000);
    b.onAbandon();
    expect(b.readyAt(1000)).toBe(1000);
  });

  test("attempts while closed are not probes", () => {
    const b = new CircuitBreaker(options);
    b.onAttempt(0);
    expect(b.readyAt(0)).toBe(0);
  });
});

describe("CircuitBreaker: late failures", () => {
  test("failures of calls sent before the circuit opened do not push its open window forward", () => {
    const b = new CircuitBreaker({ failureThreshold: 3, openMs: 1000 });
    for (let i = 0; i < 3; i++) b.onFailure(10, 0);
    expect(b.state(10)).toBe("open");
    // Calls sent at 0, still running when it opened, fail late: they tell nothing new about the service.
    b.onFailure(900, 0);
    b.onFailure(1000, 5);
    expect(b.state(1010)).toBe("half-open");
    expect(b.readyAt(1010)).toBe(1010);
  });

  test("a probe sent after the circuit opened that fails opens it again", () => {
    const b = new CircuitBreaker({ failureThreshold: 3, openMs: 1000 });
    for (let i = 0; i < 3; i++) b.onFailure(10, 0);
    b.onAttempt(1010);
    b.onFailure(1100, 1010);
    expect(b.state(1200)).toBe("open");
    expect(b.readyAt(1200)).toBe(2100);
  });
});
