/** Events by time, earliest first; events at the same time in the order they were scheduled (a binary heap). */
export class EventQueue<T> {
  private readonly times: number[] = [];
  private readonly order: number[] = [];
  private readonly items: T[] = [];
  private scheduled = 0;

  /** Events waiting. */
  get size(): number {
    return this.items.length;
  }

  /** Schedules `item` at `time`. */
  push(time: number, item: T): void {
    this.times.push(time);
    this.order.push(this.scheduled++);
    this.items.push(item);
    let i = this.items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes and returns the earliest event with its time, or undefined when none is left. */
  pop(): { readonly time: number; readonly item: T } | undefined {
    if (this.items.length === 0) return undefined;
    const top = { time: this.times[0]!, item: this.items[0]! };
    const last = this.items.length - 1;
    this.swap(0, last);
    this.times.pop();
    this.order.pop();
    this.items.pop();
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.items.length && this.before(left, smallest)) smallest = left;
      if (right < this.items.length && this.before(right, smallest)) smallest = right;
      if (smallest === i) break;
      this.swap(i, smallest);
      i = smallest;
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    return this.times[a]! < this.times[b]! || (this.times[a] === this.times[b] && this.order[a]! < this.order[b]!);
  }

  private swap(a: number, b: number): void {
    [this.times[a], this.times[b]] = [this.times[b]!, this.times[a]!];
    [this.order[a], this.order[b]] = [this.order[b]!, this.order[a]!];
    [this.items[a], this.items[b]] = [this.items[b]!, this.items[a]!];
  }
}
