import type { Frame } from './frame.js';

/** Where a subscription's messages go: a WebSocket connection or an SSE response. */
export interface Sink {
  readonly userId: string | null;
  /** Sends a frame in order with everything sent before. */
  send(frame: Frame): void;
  readonly closed: boolean;
}

/** The part of a metrics counter the topics use to count delivered messages. */
export interface DeliveredCounter {
  inc(n: number): void;
}
