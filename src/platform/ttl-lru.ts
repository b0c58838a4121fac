import type { Clock } from './clock.js';

/**
 * A bounded map whose entries expire `ttlMs` after they were stored (by the injected
 * clock). Reading an entry makes it the most recently used; past `maxEntries` the
 * least recently used go first. Plain values, not promises: callers batch their misses.
 */
export class TtlLru<V> {
  private readonly entries = new Map<string, { at: number; value: V }>();

  constructor(
    private readonly clock: Clock,
    readonly ttlMs: number,
    readonly maxEntries: number,
  ) {}

  /** The value while fresh (then it is the most recently used), else undefined. */
  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.clock.now() - e.at >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  /** Stores a value fresh from now (or from `at`, when it was read earlier). */
  set(key: string, value: V, at = this.clock.now()): void {
    this.entries.delete(key);
    this.entries.set(key, { at, value });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }

  /** Replaces a present value, keeping its age and place (nothing when absent). */
  replace(key: string, change: (v: V) => V): void {
    const e = this.entries.get(key);
    if (e) e.value = change(e.value);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** How many entries are held (expired ones included until read). */
  get size(): number {
    return this.entries.size;
  }
}
