import { useEffect, useState } from 'react';

// The server's clock decides when auctions end. Every API answer that carries
// `serverTime` updates our estimate of (server - local), so countdowns are right
// even when the device clock is off.
let offsetMs = 0;
let known = false;

/** Records a server timestamp seen in an answer fetched at about `receivedAt` (local). */
export function observeServerTime(serverIso: string, receivedAt = Date.now()): void {
  const server = Date.parse(serverIso);
  if (Number.isNaN(server)) return;
  const next = server - receivedAt;
  // Smooth small jitter; jump on the first sample or on a large change.
  offsetMs = !known || Math.abs(next - offsetMs) > 2000 ? next : Math.round(offsetMs * 0.7 + next * 0.3);
  known = true;
}

/** Now, by the server's clock as best we know it. */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** Re-renders every `everyMs` and returns the server's now. */
export function useServerNow(everyMs = 1000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const t = setInterval(() => setNow(serverNow()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
