/** What the {@link WaitQueue} needs to know of an entry. */
export interface Queued {
  /** Higher goes first. */
  readonly priority: number;
  /** When the call first arrived (monotonic ms): earlier goes first within a priority, so a retry keeps its place. */
  readonly since: number;
  /** Tokens the call needs. */
  readonly tokens: number;
}

interface Level<T> {
  readonly priority: number;
  readonly items: T[];
  tokens: number;
}

/** Calls waiting for their turn: highest priority first, then first come (by first arrival) first served. */
export class WaitQueue<T extends Queued> {
  private readonly levels: Level<T>[] = [];
  private count = 0;

  /** Entries waiting. */
  get size(): number {
    return this.count;
  }

  /** Adds an entry behind those of a higher priority, and of the same priority that arrived earlier. */
  push(item: T): void {
    let index = this.levels.findIndex((l) => l.priority <= item.priority);
    if (index === -1) index = this.levels.length;
    let level = this.levels[index];
    if (level?.priority !== item.priority) {
      level = { priority: item.priority, items: [], tokens: 0 };
      this.levels.splice(index, 0, level);
    }
    let at = level.items.length;
    while (at > 0 && (level.items[at - 1] as T).since > item.since) at--;
    level.items.splice(at, 0, item);
    level.tokens += item.tokens;
    this.count++;
  }

  /** The entry whose turn is next. */
  first(): T | undefined {
    return this.levels[0]?.items[0];
  }

  /** The entry `index` places behind the first one (0: the first), in turn order. */
  at(index: number): T | undefined {
    let rest = index;
    for (const level of this.levels) {
      if (rest < level.items.length) return level.items[rest];
      rest -= level.items.length;
    }
    return undefined;
  }

  /** Removes an entry; false when it was not waiting. */
  remove(item: T): boolean {
    const index = this.levels.findIndex((l) => l.priority === item.priority);
    const level = this.levels[index];
    const at = level?.items.indexOf(item) ?? -1;
    if (level === undefined || at === -1) return false;
    level.items.splice(at, 1);
    level.tokens -= item.tokens;
    this.count--;
    if (level.items.length === 0) this.levels.splice(index, 1);
    return true;
  }

  /** Count and tokens of the entries an entry of `priority` that arrived at `since` waits behind. */
  ahead(priority: number, since: number): { count: number; tokens: number } {
    let count = 0;
    let tokens = 0;
    for (const level of this.levels) {
      if (level.priority < priority) break;
      const last = level.items[level.items.length - 1] as T;
      if (level.priority > priority || last.since <= since) {
        count += level.items.length;
        tokens += level.tokens;
      } else {
        for (const item of level.items) {
          if (item.since > since) break;
          count++;
          tokens += item.tokens;
        }
      }
    }
    return { count, tokens };
  }
}
