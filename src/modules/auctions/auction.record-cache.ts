import type { Clock } from '../../platform/clock.js';
import { TtlLru } from '../../platform/ttl-lru.js';
import type { AuctionRecord } from './auction.repository.js';
import type { AuctionState } from './domain/index.js';

/**
 * Records (listing fields + state) for presenting lists and search pages, so that a
 * page of 20 costs no SQL for the records it showed a moment ago.
 *
 * Exact for this instance's own changes: the state is the newer of the cached one and
 * the sequencer's committed state (`peek`), commits replace the cached state, and this
 * instance's listing edits drop the record. Other instances' changes (bids, edits,
 * closes) show once the record is older than `ttlMs`. `ttlMs` 0 turns it off.
 */
export class ListRecordCache {
  private readonly records: TtlLru<AuctionRecord>;
  /** Counts listing changes: a load that raced one is answered but not kept. */
  private epoch = 0;

  constructor(
    private readonly deps: {
      clock: Clock;
      ttlMs: number;
      maxEntries: number;
      /** Stored records with fresh state, unknown ids left out (AuctionRepository.getMany). */
      load: (ids: string[]) => Promise<AuctionRecord[]>;
      /** The committed state this instance holds, if any (no I/O). */
      peek: (id: string) => AuctionState | null;
    },
  ) {
    this.records = new TtlLru(deps.clock, deps.ttlMs, deps.maxEntries);
  }

  /** The records of these ids in their order (unknown ids left out); misses are loaded in one batch. */
  async getMany(ids: readonly string[]): Promise<AuctionRecord[]> {
    if (this.deps.ttlMs <= 0) return inOrder(ids, await this.deps.load([...ids]));
    const found = new Map<string, AuctionRecord>();
    const missing: string[] = [];
    for (const id of ids) {
      const hit = this.records.get(id);
      if (hit) found.set(id, hit);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const epoch = this.epoch;
      const at = this.deps.clock.now();
      const loaded = await this.deps.load(missing);
      for (const rec of loaded) {
        found.set(rec.id, rec);
        if (this.epoch === epoch) this.records.set(rec.id, rec, at);
      }
    }
    return ids.flatMap((id) => {
      const rec = found.get(id);
      return rec ? [this.withNewest(rec)] : [];
    });
  }

  /** A commit of this instance: the cached record takes the committed state. */
  committed(id: string, state: AuctionState): void {
    this.records.replace(id, (rec) => (state.seq > rec.state.seq ? { ...rec, state } : rec));
  }

  /** This instance changed listing fields (title, description, photos, details, feature window): reloaded on next ask. */
  changed(id: string): void {
    this.epoch++;
    this.records.delete(id);
  }

  /** How many records are held. */
  get size(): number {
    return this.records.size;
  }

  private withNewest(rec: AuctionRecord): AuctionRecord {
    const live = this.deps.peek(rec.id);
    return live && live.seq > rec.state.seq ? { ...rec, state: live } : rec;
  }
}

function inOrder(ids: readonly string[], recs: AuctionRecord[]): AuctionRecord[] {
  const byId = new Map(recs.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
