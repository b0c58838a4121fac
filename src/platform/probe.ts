// A probe must answer within its own deadline: with the database down, a query can wait
// for the pool's reconnects far longer than a load balancer waits for /readyz.
const PROBE_DEADLINE_MS = 1500;

/** `work`, or a rejection once the probe deadline passed. */
export function withinDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('probe deadline')), PROBE_DEADLINE_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
