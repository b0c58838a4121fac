import * as wsLib from 'ws';
import type { FlashSaleStockItem, FlashSaleStockMessage, ServerMessage } from '../../shared/realtime-protocol.js';

/**
 * One outgoing message, serialized once: the JSON text, and lazily the WebSocket
 * frame bytes and the SSE record, built on first use and shared by every
 * subscriber. With 10,000 watchers one event costs one JSON, one frame header
 * and 10,000 socket writes of the same buffer.
 */
export class Frame {
  private wsBytes: Buffer | undefined;
  private sseText: string | undefined;
  /**
   * Frames with the same key supersede each other: a slow connection keeps only
   * the newest one queued (`price_changed` of an auction, a sale's stock).
   */
  conflateKey: string | null = null;

  constructor(
    readonly json: string,
    /** SSE `event:` name. */
    readonly sseEvent: string,
    /** SSE `id:` (the auction sequence number), when the message has one. */
    readonly sseId: number | null = null,
  ) {}

  /** Complete unmasked WebSocket text frame (header + payload), written as is to the socket. */
  get ws(): Buffer {
    if (!this.wsBytes) this.wsBytes = wsTextFrame(this.json);
    return this.wsBytes;
  }

  get sse(): string {
    if (this.sseText === undefined) {
      this.sseText = `${this.sseId !== null ? `id: ${this.sseId}\n` : ''}event: ${this.sseEvent}\ndata: ${this.json}\n\n`;
    }
    return this.sseText;
  }

  static of(message: ServerMessage): Frame {
    return new Frame(JSON.stringify(message), message.type);
  }
}

/** A committed auction event ready to send. */
export class EventFrame extends Frame {
  constructor(
    readonly auctionId: string,
    readonly seq: number,
    /** Public event type; `price_changed` frames may be conflated for slow clients. */
    readonly eventType: string,
    json: string,
  ) {
    super(json, 'event', seq);
    if (eventType === 'price_changed') this.conflateKey = `price:${auctionId}`;
  }

  /** From the bus message `{"auctionId","seq","event"}` without re-serializing it. */
  static fromBus(raw: string): EventFrame | null {
    let m: { auctionId?: unknown; seq?: unknown; event?: { type?: unknown } };
    try {
      m = JSON.parse(raw);
    } catch {
      return null;
    }
    if (typeof m.auctionId !== 'string' || typeof m.seq !== 'number' || raw[0] !== '{') return null;
    return new EventFrame(m.auctionId, m.seq, String(m.event?.type ?? ''), `{"type":"event",${raw.slice(1)}`);
  }

  static fromMessage(m: { auctionId: string; seq: number; event: Record<string, unknown> }): EventFrame {
    return new EventFrame(
      m.auctionId,
      m.seq,
      String(m.event.type ?? ''),
      JSON.stringify({ type: 'event', auctionId: m.auctionId, seq: m.seq, event: m.event }),
    );
  }
}

/**
 * The events one auction broadcast in one turn of the event loop (typically the
 * `bid_placed` + `price_changed` of a group commit), as ONE buffer: the frames'
 * bytes concatenated once and written to each subscriber with a single
 * `socket.write` (one syscall per watcher per turn, not one per event). A
 * connection that is behind takes the parts one by one, for conflation.
 */
export class BatchFrame extends Frame {
  private bytes: Buffer | undefined;
  private text: string | undefined;

  constructor(readonly parts: readonly EventFrame[]) {
    super('', 'event');
  }

  override get ws(): Buffer {
    if (!this.bytes) {
      const p = this.parts;
      this.bytes = p.length === 1 ? (p[0] as EventFrame).ws : Buffer.concat(p.map((f) => f.ws));
    }
    return this.bytes;
  }

  override get sse(): string {
    if (this.text === undefined) this.text = this.parts.map((f) => f.sse).join('');
    return this.text;
  }
}

const ITEM_STATUSES = new Set(['upcoming', 'live', 'sold_out', 'ended']);

/** Stock of a flash sale, ready to send; a newer one replaces a queued older one. */
export class StockFrame extends Frame {
  constructor(
    readonly saleId: string,
    message: FlashSaleStockMessage,
  ) {
    super(JSON.stringify(message), 'flash_sale_stock');
    this.conflateKey = `sale:${saleId}`;
  }

  static from(saleId: string, items: readonly FlashSaleStockItem[], serverTime: string): StockFrame {
    return new StockFrame(saleId, {
      type: 'flash_sale_stock',
      saleId,
      items: items.map((i) => ({ id: i.id, remaining: i.remaining, status: i.status })),
      serverTime,
    });
  }

  /**
   * From the flash-sales bus message `{"type":"stock","saleId","items":[{id,remaining,status}]}`.
   * Parsed (it is throttled, so this is cheap) so that only known fields reach clients.
   */
  static fromBus(raw: string, saleId: string, serverTime: string): StockFrame | null {
    let m: { type?: unknown; saleId?: unknown; items?: unknown };
    try {
      m = JSON.parse(raw);
    } catch {
      return null;
    }
    if (m.type !== 'stock' || m.saleId !== saleId || !Array.isArray(m.items)) return null;
    const items: FlashSaleStockItem[] = [];
    for (const i of m.items as Record<string, unknown>[]) {
      if (typeof i?.id !== 'string' || typeof i.remaining !== 'number' || typeof i.status !== 'string' || !ITEM_STATUSES.has(i.status))
        return null;
      items.push({ id: i.id, remaining: i.remaining, status: i.status as FlashSaleStockItem['status'] });
    }
    return StockFrame.from(saleId, items, serverTime);
  }
}

// ws's own framing (exported by its ESM entry, absent from its typings).
const sender = (wsLib as unknown as { Sender: { frame(data: Buffer, o: typeof FRAME_OPTS): Buffer[] } }).Sender;
const FRAME_OPTS = { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: false } as const;

/** Builds the bytes of one server-to-client text frame (no compression, no mask). */
export function wsTextFrame(text: string): Buffer {
  const parts = sender.frame(Buffer.from(text), FRAME_OPTS);
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
}
