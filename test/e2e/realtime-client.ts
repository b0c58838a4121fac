import WebSocket from 'ws';
import type { ServerMessage } from '../../src/shared/realtime-protocol.js';

/** A test WebSocket client that records every server message and can wait for one. */
export class TestClient {
  readonly messages: ServerMessage[] = [];
  closeCode: number | null = null;
  private waiters: { pred: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  private closeWaiters: ((code: number) => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as ServerMessage;
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(m)) return true;
        w.resolve(m);
        return false;
      });
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      for (const w of this.closeWaiters) w(code);
    });
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
    const ws = new WebSocket(url, { headers });
    const c = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: ${res.statusCode}`)));
    });
    await c.next((m) => m.type === 'welcome');
    return c;
  }

  send(m: unknown): void {
    this.ws.send(typeof m === 'string' ? m : JSON.stringify(m));
  }

  /** The first recorded message (past or future) matching `pred`. */
  next<T extends ServerMessage = ServerMessage>(pred: (m: ServerMessage) => boolean, timeoutMs = 10_000): Promise<T> {
    const found = this.messages.find(pred);
    if (found) return Promise.resolve(found as T);
    return new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting; got ${JSON.stringify(this.messages.slice(-5))}`)), timeoutMs);
      this.waiters.push({
        pred,
        resolve: (m) => {
          clearTimeout(t);
          resolve(m as T);
        },
      });
    });
  }

  closed(timeoutMs = 10_000): Promise<number> {
    if (this.closeCode !== null) return Promise.resolve(this.closeCode);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('not closed')), timeoutMs);
      this.closeWaiters.push((code) => {
        clearTimeout(t);
        resolve(code);
      });
    });
  }

  /** Event messages for one auction, in arrival order. */
  events(auctionId: string) {
    return this.messages.filter((m): m is Extract<ServerMessage, { type: 'event' }> => m.type === 'event' && m.auctionId === auctionId);
  }

  close(): void {
    this.ws.close();
  }
}

/** Subscribes and waits until the server confirmed (snapshot or replay sent). */
export async function subscribe(c: TestClient, auctionId: string, since?: number) {
  c.send(since === undefined ? { type: 'subscribe', auctionId } : { type: 'subscribe', auctionId, since });
  const n = c.messages.length;
  return c.next<Extract<ServerMessage, { type: 'subscribed' }>>(
    (m) => m.type === 'subscribed' && m.auctionId === auctionId && c.messages.indexOf(m) >= n,
  );
}
