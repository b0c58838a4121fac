import type { Clock } from '../platform/clock.js';

/**
 * One timer for many deadlines: a min-heap of (at, id) with lazy deletion, and a
 * single setTimeout armed for the earliest. Rescheduling an id supersedes its old
 * deadline.
 */
export class DeadlineTimers {
  private heap: { at: number; id: string }[] = [];
  private readonly current = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private armedFor = Number.POSITIVE_INFINITY;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: (id: string) => void,
  ) {}

  schedule(id: string, at: number): void {
    if (this.stopped || this.current.get(id) === at) return;
    this.current.set(id, at);
    this.push({ at, id });
    this.arm();
  }

  cancel(id: string): void {
    this.current.delete(id);
  }

  size(): number {
    return this.current.size;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    const top = this.heap[0];
    if (!top || this.stopped) return;
    if (this.timer && top.at >= this.armedFor) return;
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = top.at;
    // setTimeout caps at ~24.8 days; re-arming after a shorter wait is harmless.
    const delay = Math.min(Math.max(0, top.at - this.clock.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => this.fire(), delay);
    this.timer.unref();
  }

  private fire(): void {
    this.timer = null;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    while (this.heap.length > 0 && this.heap[0]!.at <= now) {
      const { at, id } = this.pop()!;
      if (this.current.get(id) !== at) continue; // superseded or cancelled
      this.current.delete(id);
      this.onDue(id);
    }
    this.arm();
  }

  private push(x: { at: number; id: string }): void {
    const h = this.heap;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.at <= h[i]!.at) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }

  private pop(): { at: number; id: string } | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.at < h[m]!.at) m = l;
        if (r < h.length && h[r]!.at < h[m]!.at) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}
