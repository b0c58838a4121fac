/**
 * The event bus port: committed events go out on channels; real-time gateways,
 * notification workers and other instances listen. The in-process bus is the
 * default; the Redis bus carries the same messages between instances.
 */
export interface Bus {
  /** Sends a message to every subscriber of `channel`, on this instance and (Redis) others. */
  publish(channel: string, message: string): void;
  /** Listens on a channel; returns the unsubscribe function. */
  subscribe(channel: string, handler: (message: string) => void): () => void;
  /** Listens on every channel with this prefix (e.g. "auction:"). */
  subscribePrefix(prefix: string, handler: (channel: string, message: string) => void): () => void;
  close(): Promise<void>;
}

/** Delivers in-process, synchronously, in publish order. */
export class LocalBus implements Bus {
  private readonly channels = new Map<string, Set<(m: string) => void>>();
  private readonly prefixes = new Map<string, Set<(c: string, m: string) => void>>();

  publish(channel: string, message: string): void {
    this.deliver(channel, message);
  }

  /** Delivery entry point shared with the Redis bus for messages from other instances. */
  deliver(channel: string, message: string): void {
    const subs = this.channels.get(channel);
    if (subs) for (const h of [...subs]) safe(() => h(message));
    for (const [p, hs] of this.prefixes) if (channel.startsWith(p)) for (const h of [...hs]) safe(() => h(channel, message));
  }

  subscribe(channel: string, handler: (message: string) => void): () => void {
    let set = this.channels.get(channel);
    if (!set) {
      set = new Set();
      this.channels.set(channel, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0) this.channels.delete(channel);
    };
  }

  subscribePrefix(prefix: string, handler: (channel: string, message: string) => void): () => void {
    let set = this.prefixes.get(prefix);
    if (!set) {
      set = new Set();
      this.prefixes.set(prefix, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  hasSubscribers(channel: string): boolean {
    return (this.channels.get(channel)?.size ?? 0) > 0;
  }

  async close(): Promise<void> {
    this.channels.clear();
    this.prefixes.clear();
  }
}

function safe(f: () => void): void {
  try {
    f();
  } catch {
    // A failing subscriber must not stop delivery to the others.
  }
}
