import { Worker } from 'node:worker_threads';

/**
 * Asks `/livez` every `everyMs` from a worker thread, so that the time measured is
 * the server's, not the fuzzing client's busy event loop.
 */
export interface LivezProbe {
  stop(): Promise<LivezStats>;
}
export interface LivezStats {
  probes: number;
  failed: number;
  maxMs: number;
  p99Ms: number;
  over100: number;
}

const WORKER = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
// A new connection per probe, as a liveness checker makes one: a kept-alive socket can be
// reset by a race with the server's side of it, which says nothing about liveness.
const agent = new http.Agent({ keepAlive: false, maxSockets: 1 });
let stopped = false;
function probe() {
  if (stopped) return;
  const t0 = performance.now();
  const req = http.get({ host: '127.0.0.1', port: workerData.port, path: '/livez', agent, timeout: 2000 }, (res) => {
    res.resume();
    res.on('end', () => { parentPort.postMessage({ ok: res.statusCode === 200, ms: performance.now() - t0 }); setTimeout(probe, workerData.everyMs); });
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => { parentPort.postMessage({ ok: false, ms: performance.now() - t0 }); setTimeout(probe, workerData.everyMs); });
}
parentPort.on('message', () => { stopped = true; agent.destroy(); parentPort.postMessage('stopped'); });
probe();
`;

export function startLivezProbe(port: number, everyMs = 100): LivezProbe {
  const times: number[] = [];
  let failed = 0;
  const worker = new Worker(WORKER, { eval: true, workerData: { port, everyMs } });
  let onStopped: () => void = () => {};
  worker.on('message', (m: { ok: boolean; ms: number } | 'stopped') => {
    if (m === 'stopped') return onStopped();
    times.push(m.ms);
    if (!m.ok) failed += 1;
  });
  return {
    async stop() {
      await new Promise<void>((resolve) => {
        onStopped = resolve;
        worker.postMessage('stop');
        setTimeout(resolve, 3000).unref();
      });
      await worker.terminate();
      const sorted = [...times].sort((a, b) => a - b);
      return {
        probes: times.length,
        failed,
        maxMs: Math.round(sorted.at(-1) ?? 0),
        p99Ms: Math.round(sorted[Math.floor(sorted.length * 0.99)] ?? 0),
        over100: times.filter((t) => t > 100).length,
      };
    },
  };
}

/** One /livez round trip after the run (best of three, to step over one scheduling hiccup of a shared machine). */
export async function livezAfter(base: string): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}/livez`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    if (res.status === 200) best = Math.min(best, performance.now() - t0);
  }
  return Math.round(best);
}
