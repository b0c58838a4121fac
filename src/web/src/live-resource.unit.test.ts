import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api';
import { type LiveChannel, type LiveConnection, type LiveStep, type LoadContext, startLive } from './live-resource';

/** window/document stand-ins: the loop only adds and removes listeners and reads `hidden`. */
function fakeEventTarget() {
  const fns = new Map<string, Set<() => void>>();
  return {
    hidden: false,
    addEventListener: (name: string, fn: () => void) => fns.set(name, (fns.get(name) ?? new Set()).add(fn)),
    removeEventListener: (name: string, fn: () => void) => fns.get(name)?.delete(fn),
    fire: (name: string) => {
      for (const fn of fns.get(name) ?? []) fn();
    },
    count: () => [...fns.values()].reduce((n, s) => n + s.size, 0),
  };
}

function fakeChannel() {
  let live = false;
  const push = new Set<(m: string) => void>();
  const state = new Set<() => void>();
  const channel: LiveChannel<string> = {
    subscribe: (fn) => (push.add(fn), () => push.delete(fn)),
    isLive: () => live,
    onState: (fn) => (state.add(fn), () => state.delete(fn)),
  };
  return {
    channel,
    setLive(v: boolean) {
      live = v;
      for (const fn of state) fn();
    },
    push: (m: string) => {
      for (const fn of push) fn(m);
    },
    listeners: () => push.size + state.size,
  };
}

let win: ReturnType<typeof fakeEventTarget>;
beforeEach(() => {
  vi.useFakeTimers();
  win = fakeEventTarget();
  vi.stubGlobal('window', win);
  vi.stubGlobal('document', fakeEventTarget());
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function sink() {
  const s = { view: 0, error: null as ApiError | null, connection: 'connecting' as LiveConnection, loaded: false };
  return {
    s,
    sink: {
      view: () => s.view,
      show: (v: number) => void (s.view = v),
      loaded: () => void (s.loaded = true),
      failed: (e: ApiError | null) => void (s.error = e),
      connection: (c: LiveConnection) => void (s.connection = c),
    },
  };
}

describe('keeping a resource current', () => {
  it('when the channel is not live, then it polls; while live it stops; when it drops, it polls again at once', async () => {
    const ch = fakeChannel();
    const load = vi.fn(async ({ view }: LoadContext<number>) => view() + 1);
    const { s, sink: out } = sink();
    const loop = startLive({ key: 'k', initial: 0, load, channel: ch.channel, poll: { ms: 2000 } }, out);
    await vi.advanceTimersByTimeAsync(0);
    expect([s.view, s.loaded, s.connection]).toEqual([1, true, 'polling']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(s.view).toBe(2);
    ch.setLive(true);
    expect(s.connection).toBe('live');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(s.view).toBe(2);
    ch.setLive(false);
    await vi.advanceTimersByTimeAsync(0);
    expect([s.view, s.connection]).toEqual([3, 'polling']);
    loop.stop();
    expect(ch.listeners() + win.count()).toBe(0);
  });

  it('when the network fails, then it backs off; when the resource is gone (4xx), then it stops asking', async () => {
    const network = new ApiError('NETWORK', 'down', 0);
    const gone = new ApiError('AUCTION_NOT_FOUND', 'gone', 404);
    const load = vi.fn<() => Promise<number>>().mockRejectedValueOnce(network).mockRejectedValueOnce(network).mockRejectedValue(gone);
    const { s, sink: out } = sink();
    const loop = startLive({ key: 'k', initial: 0, load, poll: { ms: 2000 } }, out);
    await vi.advanceTimersByTimeAsync(0);
    expect([load.mock.calls.length, s.connection]).toEqual([1, 'offline']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(load).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(3999);
    expect(load).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect([load.mock.calls.length, s.error]).toEqual([3, gone]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(load).toHaveBeenCalledTimes(3);
    loop.stop();
  });

  it('when a push says "re-read until caught up", then it reads again while the answer is behind', async () => {
    const ch = fakeChannel();
    const answers = [10, 11, 12];
    const load = vi.fn(async (_ctx: LoadContext<number>) => answers.shift() ?? 99);
    const apply = (_v: number, m: string): LiveStep<number> =>
      m === 'gap' ? { kind: 'reread', again: (v) => v < 12 } : { kind: 'show', view: Number(m), rereadSoon: true };
    const { s, sink: out } = sink();
    const loop = startLive({ key: 'k', initial: 0, load, channel: ch.channel, apply }, out);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.view).toBe(10);
    ch.push('gap');
    await vi.advanceTimersByTimeAsync(0);
    expect([load.mock.calls.length, s.view]).toEqual([3, 12]);
    ch.push('20');
    expect(s.view).toBe(20);
    await vi.advanceTimersByTimeAsync(1000);
    expect([load.mock.calls.length, load.mock.calls[3]?.[0].full]).toEqual([4, false]);
    loop.stop();
  });

  it('when an in-tab event names the resource, then it is re-read in full', async () => {
    const load = vi.fn(async (_ctx: LoadContext<number>) => 1);
    const { sink: out } = sink();
    const loop = startLive({ key: 'k', initial: 0, load, refreshOn: ['gavel:test'] }, out);
    await vi.advanceTimersByTimeAsync(0);
    win.fire('gavel:test');
    await vi.advanceTimersByTimeAsync(0);
    expect(load.mock.calls.map((c) => c[0].full)).toEqual([true, true]);
    loop.stop();
    win.fire('gavel:test');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('without polling, when a read fails, then the error is shown until a later read succeeds', async () => {
    const load = vi.fn<(ctx: LoadContext<number>) => Promise<number>>().mockRejectedValueOnce(new ApiError('NETWORK', 'down', 0));
    load.mockResolvedValue(5);
    const { s, sink: out } = sink();
    const loop = startLive({ key: 'k', initial: 0, load, refreshOn: ['gavel:test'] }, out);
    await vi.advanceTimersByTimeAsync(0);
    expect([s.error?.code, s.loaded]).toEqual(['NETWORK', false]);
    win.fire('gavel:test');
    await vi.advanceTimersByTimeAsync(0);
    expect([s.error, s.view]).toEqual([null, 5]);
    loop.stop();
  });

  it('when stopped while a read is in flight, then its answer is dropped', async () => {
    let answer: (v: number) => void = () => {};
    const load = vi.fn(() => new Promise<number>((r) => (answer = r)));
    const { s, sink: out } = sink();
    const loop = startLive({ key: 'k', initial: 0, load, poll: { ms: 2000 } }, out);
    loop.stop();
    answer(7);
    await vi.advanceTimersByTimeAsync(5000);
    expect([s.view, s.loaded, load.mock.calls.length]).toEqual([0, false, 1]);
  });
});
