/**
 * Sliding-window counters kept in memory: per-second buckets over the last minute,
 * so "bids in the last second" and "bids in the last minute" cost O(1) to update and
 * at most 60 additions to read. Time always comes from the caller.
 */

const SLOTS = 60;

/** Counts of events in the last `n` seconds (n ≤ 60) for one key. */
export class SlidingWindow {
  private readonly counts = new Uint32Array(SLOTS);
  private readonly seconds = new Float64Array(SLOTS).fill(-1);

  /** Notes one event at `now` (epoch ms). */
  hit(now: number): void {
    const s = Math.floor(now / 1000);
    const i = s % SLOTS;
    if (this.seconds[i] !== s) {
      this.seconds[i] = s;
      this.counts[i] = 0;
    }
    this.counts[i] = (this.counts[i] ?? 0) + 1;
  }

  /** Events in the last `windowSeconds` seconds, the current second included. */
  count(now: number, windowSeconds: number): number {
    const s = Math.floor(now / 1000);
    const n = Math.min(SLOTS, Math.max(1, windowSeconds));
    let total = 0;
    for (let k = 0; k < n; k++) {
      const i = (((s - k) % SLOTS) + SLOTS) % SLOTS;
      if (this.seconds[i] === s - k) total += this.counts[i] ?? 0;
    }
    return total;
  }

  /** When the newest event was (seconds), -1 if none. */
  lastSecond(): number {
    let m = -1;
    for (const v of this.seconds) if (v > m) m = v;
    return m;
  }
}

/**
 * One window per key (user, IP prefix, device), bounded: beyond `max` keys the ones
 * idle for longest (over a minute) are dropped, so a flood of new keys cannot grow memory.
 */
export class KeyedWindows {
  private readonly map = new Map<string, SlidingWindow>();

  constructor(private readonly max = 100_000) {}

  hit(key: string, now: number): void {
    let w = this.map.get(key);
    if (!w) {
      if (this.map.size >= this.max) this.prune(now);
      w = new SlidingWindow();
      this.map.set(key, w);
    }
    w.hit(now);
  }

  count(key: string, now: number, windowSeconds: number): number {
    return this.map.get(key)?.count(now, windowSeconds) ?? 0;
  }

  get size(): number {
    return this.map.size;
  }

  private prune(now: number): void {
    const cutoff = Math.floor(now / 1000) - SLOTS;
    for (const [k, w] of this.map) if (w.lastSecond() < cutoff) this.map.delete(k);
    // Still full of live keys: forget the oldest inserted half rather than grow.
    if (this.map.size >= this.max) {
      let drop = Math.floor(this.max / 2);
      for (const k of this.map.keys()) {
        if (drop-- <= 0) break;
        this.map.delete(k);
      }
    }
  }
}
