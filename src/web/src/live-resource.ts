import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorText } from './api';

/** How the page is currently kept fresh. */
export type LiveConnection = 'connecting' | 'live' | 'polling' | 'offline';

/** A source of pushes about one resource (see realtime-client.ts for the socket's channels). */
export interface LiveChannel<M> {
  /** Starts delivering messages; returns the function that stops them. */
  subscribe(onMessage: (m: M) => void): () => void;
  /** True while pushes for this resource arrive, so polling may stop or slow down. */
  isLive(): boolean;
  /** Calls `fn` whenever `isLive()` may have changed. */
  onState(fn: () => void): () => void;
}

/** What to do with one pushed message, as decided by a pure `apply`. */
export type LiveStep<T> =
  /** Show this view; `rereadSoon` re-reads the authoritative view once pushes settle. */
  | { kind: 'show'; view: T; rereadSoon?: boolean }
  /** Re-read everything now, and once more while `again(view)` says the answer is still behind. */
  | { kind: 'reread'; again?: (view: T) => boolean }
  | { kind: 'none' };

export interface LivePoll {
  /** Poll interval while no push channel is live. */
  ms: number;
  /** Interval in a hidden tab (default `ms`). */
  hiddenMs?: number;
  /** Interval while the channel is live; leave out to stop polling then. */
  liveMs?: number;
}

export interface LoadContext<T> {
  /** The view shown right now (read it after an await: pushes may have moved it). */
  view(): T;
  /** Re-read everything (first load, own action, missed push), not just what may have moved. */
  full: boolean;
  signal: AbortSignal;
}

export interface LiveResourceOptions<T, M> {
  /** Identifies the resource: a change starts over (re-subscribes and re-reads at once). */
  key: string;
  /** Shown before the first answer and after a key change (unless `keepOnKeyChange`). */
  initial: T;
  /** False: show `initial` and read nothing (e.g. signed out). Default true. */
  enabled?: boolean;
  /** Keep what is shown while the new key's answer is in flight (a nav badge must not flicker). */
  keepOnKeyChange?: boolean;
  load(ctx: LoadContext<T>): Promise<T>;
  channel?: LiveChannel<M>;
  /** Folds a pushed message into the view. Without it every message means "re-read". */
  apply?(view: T, m: M): LiveStep<T>;
  /** In-tab window events that mean "re-read now" (a change made elsewhere in this tab). */
  refreshOn?: readonly string[];
  /** Without it the resource is read once per key and then only on pushes, events and refresh. */
  poll?: LivePoll;
}

export interface LiveResource<T> {
  data: T;
  /**
   * Set when the resource cannot be read: a 4xx (e.g. NOT_FOUND), which stops polling, or,
   * without `poll`, any failure, since nothing would retry it.
   */
  error: ApiError | null;
  connection: LiveConnection;
  /** True once an answer arrived for the current key. */
  loaded: boolean;
  /** Re-read now (after an own action) instead of waiting for the next update. */
  refresh(): Promise<void>;
}

const MAX_BACKOFF_MS = 15_000;
/** After a pushed change, re-read once things settle; the jitter spreads many tabs' reads. */
const SETTLE_MS = 600;
const SETTLE_JITTER_MS = 400;
const REREAD = { kind: 'reread' } as const;
const ignore = () => {};

/** Where the loop puts what it learns (React state in `useLiveResource`). */
export interface LiveSink<T> {
  view(): T;
  show(view: T): void;
  loaded(): void;
  failed(e: ApiError | null): void;
  connection(c: LiveConnection): void;
}

export interface LiveLoop {
  reload(full: boolean): Promise<void>;
  stop(): void;
}

function isGone(e: unknown): e is ApiError {
  return e instanceof ApiError && e.status >= 400 && e.status < 500;
}

function pollDelay(poll: LivePoll, live: boolean, failures: number): number {
  const base = live && poll.liveMs !== undefined ? poll.liveMs : document.hidden ? (poll.hiddenMs ?? poll.ms) : poll.ms;
  return failures ? Math.min(MAX_BACKOFF_MS, base * 2 ** (failures - 1)) : base;
}

/**
 * The loop behind `useLiveResource`: reads over HTTP, folds pushes in, and polls whenever
 * the channel is not live (no gateway, a proxy without WebSocket, reconnecting), backing
 * off while the network is down, so the page never goes stale.
 */
class LiveResourceLoop<T, M> implements LiveLoop {
  private readonly ctl = new AbortController();
  private stopped = false;
  private loaded = false;
  private running = false;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private settle: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | null = null;
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly o: LiveResourceOptions<T, M>,
    private readonly sink: LiveSink<T>,
  ) {
    const ch = o.channel;
    if (ch) this.offs.push(ch.subscribe((m) => this.onMessage(m)), ch.onState(() => this.onState()));
    const wake = () => {
      if (!document.hidden) void this.tick();
    };
    const refreshNow = () => void this.reload(true).catch(ignore);
    for (const name of o.refreshOn ?? []) this.listen(window, name, refreshNow);
    this.listen(document, 'visibilitychange', wake);
    this.listen(window, 'online', wake);
    void this.tick();
  }

  /** Reads once (a read already in flight answers for both); failures reach the caller. */
  reload(full: boolean): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const p = this.o
      .load({ view: this.sink.view, full, signal: this.ctl.signal })
      .then(
        (view) => {
          if (this.stopped) return;
          this.sink.show(view);
          this.sink.failed(null);
        },
        (e: unknown) => {
          // Without polling nothing would retry: say so now.
          if (!this.stopped && !this.o.poll) this.report(e);
          throw e;
        },
      )
      .finally(() => {
        this.inFlight = null;
      });
    this.inFlight = p;
    return p;
  }

  stop(): void {
    this.stopped = true;
    this.ctl.abort();
    clearTimeout(this.timer);
    clearTimeout(this.settle);
    for (const off of this.offs) off();
  }

  private isLive(): boolean {
    return this.o.channel?.isLive() ?? false;
  }

  private listen(target: EventTarget, name: string, fn: () => void): void {
    target.addEventListener(name, fn);
    this.offs.push(() => target.removeEventListener(name, fn));
  }

  private report(e: unknown): void {
    this.sink.failed(e instanceof ApiError ? e : new ApiError('NETWORK', errorText(e), 0));
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = true;
    clearTimeout(this.timer);
    const { poll } = this.o;
    const live = this.isLive();
    try {
      if (!this.loaded || !live || poll?.liveMs !== undefined) await this.reload(!this.loaded);
    } catch (e) {
      this.running = false;
      if (this.stopped || !poll) return;
      // Gone (e.g. NOT_FOUND): no point in asking again.
      if (isGone(e)) return this.report(e);
      this.failures += 1;
      this.sink.connection('offline');
      this.timer = setTimeout(() => void this.tick(), pollDelay(poll, live, this.failures));
      return;
    }
    this.running = false;
    if (this.stopped) return;
    if (!this.loaded) this.sink.loaded();
    this.loaded = true;
    this.failures = 0;
    this.sink.connection(this.isLive() ? 'live' : 'polling');
    if (poll) this.timer = setTimeout(() => void this.tick(), pollDelay(poll, live, 0));
  }

  private onState(): void {
    if (this.stopped) return;
    if (this.isLive()) this.sink.connection('live');
    else if (this.loaded) {
      this.sink.connection('polling');
      void this.tick();
    }
  }

  private onMessage(m: M): void {
    if (this.stopped) return;
    if (this.isLive()) this.sink.connection('live');
    const step: LiveStep<T> = this.o.apply ? this.o.apply(this.sink.view(), m) : REREAD;
    switch (step.kind) {
      case 'show':
        this.sink.show(step.view);
        if (!step.rereadSoon) return;
        clearTimeout(this.settle);
        this.settle = setTimeout(() => void this.reload(false).catch(ignore), SETTLE_MS + Math.random() * SETTLE_JITTER_MS);
        return;
      case 'reread':
        void this.reload(true)
          .then(() => (!this.stopped && step.again?.(this.sink.view()) ? this.reload(true) : undefined))
          .catch(ignore);
        return;
      case 'none':
        return;
      default: {
        const never: never = step;
        return never;
      }
    }
  }
}

/** Starts keeping a resource current; `stop()` ends every timer, listener and subscription. */
export function startLive<T, M>(o: LiveResourceOptions<T, M>, sink: LiveSink<T>): LiveLoop {
  return new LiveResourceLoop(o, sink);
}

/**
 * Keeps one resource current: loads it over HTTP, folds in what its channel pushes
 * (`apply`), re-reads on in-tab events, and polls whenever pushes are not live.
 * Options are read when `key` (or `enabled`) changes; the latest `load` and `apply` are used.
 */
export function useLiveResource<T, M = never>(options: LiveResourceOptions<T, M>): LiveResource<T> {
  const latest = useRef(options);
  latest.current = options;
  const viewRef = useRef(options.initial);
  const [data, setData] = useState(options.initial);
  const [error, setError] = useState<ApiError | null>(null);
  const [connection, setConnection] = useState<LiveConnection>('connecting');
  const [loaded, setLoaded] = useState(false);
  const loop = useRef<LiveLoop | null>(null);
  const enabled = options.enabled ?? true;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the options are read through `latest`
  useEffect(() => {
    const o = latest.current;
    const show = (view: T) => {
      viewRef.current = view;
      setData(view);
    };
    if (!o.keepOnKeyChange || !enabled) {
      show(o.initial);
      setLoaded(false);
    }
    setError(null);
    setConnection('connecting');
    if (!enabled) return;
    const current: LiveResourceOptions<T, M> = {
      ...o,
      load: (ctx) => latest.current.load(ctx),
      ...(o.apply ? { apply: (view: T, m: M) => latest.current.apply?.(view, m) ?? REREAD } : {}),
    };
    const started = startLive(current, {
      view: () => viewRef.current,
      show,
      loaded: () => setLoaded(true),
      failed: setError,
      connection: setConnection,
    });
    loop.current = started;
    return () => {
      started.stop();
      if (loop.current === started) loop.current = null;
    };
  }, [options.key, enabled]);

  const refresh = useCallback(() => loop.current?.reload(true) ?? Promise.resolve(), []);
  return { data, error, connection, loaded, refresh };
}
