import * as wsLib from 'ws';
import type { ServerMessage } from '../../shared/realtime-protocol.js';

/**
 * One outgoing message, serialized once: the JSON text, and lazily the WebSocket
 * frame bytes and the SSE record, built on first use and shared by every
 * subscriber. With 10,000 watchers one event costs one JSON, one frame header
 * and 10,000 socket writes of the same buffer.
 */
export class Frame {
  private wsBytes: Buffer | undefined;
  private sseText: string | undefined;

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

// ws's own framing (exported by its ESM entry, absent from its typings).
const sender = (wsLib as unknown as { Sender: { frame(data: Buffer, o: typeof FRAME_OPTS): Buffer[] } }).Sender;
const FRAME_OPTS = { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: false } as const;

/** Builds the bytes of one server-to-client text frame (no compression, no mask). */
export function wsTextFrame(text: string): Buffer {
  const parts = sender.frame(Buffer.from(text), FRAME_OPTS);
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
}
