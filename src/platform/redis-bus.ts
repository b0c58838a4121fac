import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type Bus, LocalBus } from './bus.js';
import type { Logger } from './logger.js';

/** Options of the Redis bus. */
export interface RedisBusOptions {
  /** Prefix of every Redis channel (lets tests and tenants share one Redis). */
  channelPrefix?: string;
  log?: Logger;
}

/**
 * The bus across instances: every message is delivered locally at once (so an
 * instance keeps working when Redis is away) and published to Redis for the
 * others. One pattern subscription (`<prefix>*`) on a dedicated connection
 * receives everything; an instance ignores its own messages by instance id.
 *
 * While Redis is unreachable, messages to other instances are lost: `degraded`
 * is true, `/readyz` says so, and when the link comes back `onRecovered`
 * listeners run so gateways can re-read what they missed from the event log.
 */
export class RedisBus implements Bus {
  readonly instanceId = randomBytes(6).toString('hex');
  private readonly local = new LocalBus();
  private readonly sub: Redis;
  private readonly prefix: string;
  private pubReady: boolean;
  private subReady = false;
  // Starts true so the first successful connection counts as a recovery (harmless catch-up), not an outage.
  private wasDegraded = true;
  private closed = false;
  private readonly recovered = new Set<() => void>();

  constructor(
    private readonly pub: Redis,
    private readonly opts: RedisBusOptions = {},
  ) {
    this.prefix = opts.channelPrefix ?? 'gavel:';
    this.pubReady = pub.status === 'ready';
    this.sub = pub.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, lazyConnect: false });
    this.sub.on('error', (err: Error) => opts.log?.debug({ err: err.message }, 'redis bus subscriber error'));
    this.sub.on('ready', () => {
      this.subReady = true;
      this.check();
    });
    this.sub.on('close', () => {
      this.subReady = false;
      this.check();
    });
    pub.on('ready', () => {
      this.pubReady = true;
      this.check();
    });
    pub.on('close', () => {
      this.pubReady = false;
      this.check();
    });
    // ioredis re-issues subscriptions after a reconnect.
    this.sub.psubscribe(`${this.prefix}*`).catch(() => {});
    this.sub.on('pmessage', (_pattern: string, channel: string, raw: string) => this.receive(channel, raw));
  }

  /** True while messages cannot reach other instances. */
  get degraded(): boolean {
    return !(this.pubReady && this.subReady);
  }

  /** Runs `f` each time the link to Redis comes back after an outage. */
  onRecovered(f: () => void): () => void {
    this.recovered.add(f);
    return () => this.recovered.delete(f);
  }

  publish(channel: string, message: string): void {
    this.local.deliver(channel, message);
    if (this.closed || !this.pubReady) return;
    // `<instanceId>|<message>`: cheaper than wrapping the message in JSON again.
    this.pub.publish(this.prefix + channel, `${this.instanceId}|${message}`).catch((err: Error) => {
      this.opts.log?.debug({ err: err.message }, 'redis publish failed');
    });
  }

  subscribe(channel: string, handler: (message: string) => void): () => void {
    return this.local.subscribe(channel, handler);
  }

  subscribePrefix(prefix: string, handler: (channel: string, message: string) => void): () => void {
    return this.local.subscribePrefix(prefix, handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.recovered.clear();
    this.sub.disconnect();
    await this.local.close();
  }

  private receive(channel: string, raw: string): void {
    const bar = raw.indexOf('|');
    if (bar < 0 || !channel.startsWith(this.prefix)) return;
    if (raw.slice(0, bar) === this.instanceId) return;
    this.local.deliver(channel.slice(this.prefix.length), raw.slice(bar + 1));
  }

  private check(): void {
    if (this.closed) return;
    if (this.degraded) {
      if (!this.wasDegraded) this.opts.log?.warn('redis bus degraded: live events no longer reach other instances');
      this.wasDegraded = true;
    } else if (this.wasDegraded) {
      this.wasDegraded = false;
      this.opts.log?.info('redis bus recovered');
      for (const f of [...this.recovered]) {
        try {
          f();
        } catch {
          // A failing listener must not stop the others.
        }
      }
    }
  }
}
