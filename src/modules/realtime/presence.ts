import type { Clock } from '../../platform/clock.js';

/**
 * Watcher counts of auctions across instances. Each instance publishes its local
 * count on `presence:<auctionId>` as `<instanceId>|<n>`; this keeps what the others
 * said last, and forgets an instance that has not spoken for six intervals.
 */
export class Presence {
  /** auctionId -> instanceId -> {watchers, at} */
  private readonly byAuction = new Map<string, Map<string, { n: number; at: number }>>();

  constructor(
    readonly instanceId: string,
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  /** The bus message that announces `n` local watchers. */
  message(n: number): string {
    return `${this.instanceId}|${n}`;
  }

  /** Records one bus message; this instance's own, and malformed ones, are ignored. */
  record(auctionId: string, message: string): void {
    const bar = message.indexOf('|');
    const instance = message.slice(0, bar);
    if (instance === this.instanceId) return;
    const n = Number(message.slice(bar + 1));
    if (!Number.isSafeInteger(n) || n < 0) return;
    let m = this.byAuction.get(auctionId);
    if (!m) {
      m = new Map();
      this.byAuction.set(auctionId, m);
    }
    if (n === 0) m.delete(instance);
    else m.set(instance, { n, at: this.clock.now() });
    if (m.size === 0) this.byAuction.delete(auctionId);
  }

  /** Watchers of an auction on the other instances (as last heard). */
  remote(auctionId: string): number {
    const byInstance = this.byAuction.get(auctionId);
    let n = 0;
    if (byInstance) {
      const fresh = this.clock.now() - 6 * this.intervalMs;
      for (const [instance, e] of byInstance) if (instance !== this.instanceId && e.at >= fresh) n += e.n;
    }
    return n;
  }
}
