import type { Clock } from '../../platform/clock.js';
import type { Level } from './domain/index.js';

const MAX_ENTRIES = 100_000;

/**
 * The identity and business levels of users, in memory, so the bid path never queries
 * for them: an outcome on this instance drops the user's entry at once; other
 * instances reload it after `ttlMs` (VERIFICATION_CACHE_MS).
 */
export class LevelCache {
  private readonly entries = new Map<string, { at: number; levels: ReadonlySet<Level> }>();
  private readonly loading = new Map<string, Promise<ReadonlySet<Level>>>();

  constructor(
    private readonly load: (userId: string) => Promise<ReadonlySet<Level>>,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  async of(userId: string): Promise<ReadonlySet<Level>> {
    const hit = this.entries.get(userId);
    if (hit && this.clock.now() - hit.at < this.ttlMs) return hit.levels;
    let p = this.loading.get(userId);
    if (!p) {
      const at = this.clock.now();
      const loaded: Promise<ReadonlySet<Level>> = this.load(userId).then((levels) => {
        // An outcome during the load invalidated it: its answer may predate the outcome.
        if (this.loading.get(userId) !== loaded) return levels;
        this.loading.delete(userId);
        if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
        this.entries.set(userId, { at, levels });
        return levels;
      });
      loaded.catch(() => this.loading.delete(userId));
      this.loading.set(userId, loaded);
      p = loaded;
    }
    return p;
  }

  invalidate(userId: string): void {
    this.entries.delete(userId);
    this.loading.delete(userId);
  }
}
