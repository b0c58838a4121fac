/** The answer of the waiting room to one arrival. */
export type Admission = { admitted: true } | { admitted: false; position: number; retryAfterMs: number };

/**
 * An optional waiting room per sale: when more buyers arrive than `ratePerSecond`,
 * the extra ones queue in arrival order and are admitted at that rate; an admitted
 * buyer stays admitted for `admitMs`. Buyers learn their position from the refusal
 * and come back after `retryAfterMs`. Per instance and in memory: a restart (or
 * another instance) starts a fresh queue, which is fair enough for a queue whose
 * purpose is smoothing a spike.
 */
export class WaitingRoom {
  private readonly admitted = new Map<string, number>();
  private queue: string[] = [];
  private head = 0;
  /** Absolute queue index of each waiting buyer (index in `queue` plus `base`). */
  private readonly queued = new Map<string, number>();
  private base = 0;
  private tokens: number;
  private at: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly admitMs: number,
    now: number,
  ) {
    this.tokens = ratePerSecond;
    this.at = now;
  }

  arrive(userId: string, now: number): Admission {
    this.refill(now);
    const until = this.admitted.get(userId);
    if (until !== undefined && until > now) return { admitted: true };
    if (until !== undefined) this.admitted.delete(userId);
    if (!this.queued.has(userId)) {
      if (this.head === this.queue.length && this.tokens >= 1) {
        this.tokens -= 1;
        this.admitted.set(userId, now + this.admitMs);
        return { admitted: true };
      }
      this.queued.set(userId, this.base + this.queue.length);
      this.queue.push(userId);
    }
    const position = (this.queued.get(userId) ?? 0) - (this.base + this.head) + 1;
    return { admitted: false, position, retryAfterMs: Math.max(100, Math.ceil((position * 1000) / this.ratePerSecond)) };
  }

  /** Buyers waiting now. */
  get waiting(): number {
    return this.queue.length - this.head;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.ratePerSecond, this.tokens + ((now - this.at) * this.ratePerSecond) / 1000);
    this.at = now;
    // Admit from the head of the queue, in arrival order.
    while (this.tokens >= 1 && this.head < this.queue.length) {
      const u = this.queue[this.head++]!;
      this.queued.delete(u);
      this.admitted.set(u, now + this.admitMs);
      this.tokens -= 1;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.base += this.head;
      this.head = 0;
    }
    if (this.admitted.size > 100_000) for (const [u, t] of this.admitted) if (t <= now) this.admitted.delete(u);
  }
}
