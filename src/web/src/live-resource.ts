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
export function startLive<T, M>(o: LiveResourceOptions<T, M>, sink: LiveSink<T>): LiveLoop {
  const ctl = new AbortController();
  const isLive = () => o.channel?.isLive() ?? false;
  let stopped = false;
  let loaded = false;
  let running = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settle: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | null = null;

  const report = (e: unknown) => sink.failed(e instanceof ApiError ? e : new ApiError('NETWORK', errorText(e), 0));

  const reload = (full: boolean): Promise<void> => {
    if (inFlight) return inFlight;
    const p = o
      .load({ view: sink.view, full, signal: ctl.signal })
      .then(
        (view) => {
          if (stopped) return;
          sink.show(view);
          sink.failed(null);
        },
        (e: unknown) => {
          // Without polling nothing would retry: say so now.
          if (!stopped && !o.poll) report(e);
          throw e;
        },
      )
      .finally(() => {
        inFlight = null;
      });
    inFlight = p;
    return p;
  };

  const tick = async () => {
    if (stopped || running) return;
    running = true;
    clearTimeout(timer);
    const live = isLive();
    try {
      if (!loaded || !live || o.poll?.liveMs !== undefined) await reload(!loaded);
    } catch (e) {
      running = false;
      if (stopped || !o.poll) return;
      // Gone (e.g. NOT_FOUND): no point in asking again.
      if (isGone(e)) return report(e);
      failures += 1;
      sink.connection('offline');
      timer = setTimeout(tick, pollDelay(o.poll, live, failures));
      return;
    }
    running = false;
    if (stopped) return;
    if (!loaded) sink.loaded();
    loaded = true;
    failures = 0;
    sink.connection(isLive() ? 'live' : 'polling');
    if (o.poll) timer = setTimeout(tick, pollDelay(o.poll, live, 0));
  };

  const onMessage = (m: M) => {
    if (stopped) return;
    if (isLive()) sink.connection('live');
    const step: LiveStep<T> = o.apply ? o.apply(sink.view(), m) : REREAD;
    if (step.kind === 'show') {
      sink.show(step.view);
      if (!step.rereadSoon) return;
      clearTimeout(settle);
      settle = setTimeout(() => void reload(false).catch(ignore), SETTLE_MS + Math.random() * SETTLE_JITTER_MS);
    } else if (step.kind === 'reread') {
      void reload(true)
        .then(() => (!stopped && step.again?.(sink.view()) ? reload(true) : undefined))
        .catch(ignore);
    }
  };

  const offs = [o.channel?.subscribe(onMessage) ?? ignore];
  offs.push(
    o.channel?.onState(() => {
      if (stopped) return;
      if (isLive()) sink.connection('live');
      else if (loaded) {
        sink.connection('polling');
        void tick();
      }
    }) ?? ignore,
  );
  const wake = () => {
    if (!document.hidden) void tick();
  };
  const refreshNow = () => void reload(true).catch(ignore);
  for (const name of o.refreshOn ?? []) window.addEventListener(name, refreshNow);
  document.addEventListener('visibilitychange', wake);
  window.addEventListener('online', wake);
  void tick();

  return {
    reload,
    stop() {
      stopped = true;
      ctl.abort();
      clearTimeout(timer);
      clearTimeout(settle);
      for (const off of offs) off();
      for (const name of o.refreshOn ?? []) window.removeEventListener(name, refreshNow);
      document.removeEventListener('visibilitychange', wake);
      window.removeEventListener('online', wake);
    },
  };
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
