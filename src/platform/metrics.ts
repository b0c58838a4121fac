import client from 'prom-client';

/** The service's Prometheus registry and the instruments shared across modules. */
export interface Metrics {
  registry: client.Registry;
  httpDuration: client.Histogram<'method' | 'route' | 'status'>;
  counter(name: string, help: string, labelNames?: string[]): client.Counter<string>;
  histogram(name: string, help: string, buckets: number[], labelNames?: string[]): client.Histogram<string>;
  gauge(name: string, help: string, labelNames?: string[]): client.Gauge<string>;
}

/**
 * One registry per app instance (not the global one), so several apps can live in
 * one test process without clashing metric names.
 */
export function createMetrics(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const httpDuration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const made = new Map<string, client.Metric<string>>();
  function once<T extends client.Metric<string>>(name: string, make: () => T): T {
    const existing = made.get(name);
    if (existing) return existing as T;
    const m = make();
    made.set(name, m);
    return m;
  }
  return {
    registry,
    httpDuration,
    counter: (name, help, labelNames = []) => once(name, () => new client.Counter({ name, help, labelNames, registers: [registry] })),
    histogram: (name, help, buckets, labelNames = []) =>
      once(name, () => new client.Histogram({ name, help, buckets, labelNames, registers: [registry] })),
    gauge: (name, help, labelNames = []) => once(name, () => new client.Gauge({ name, help, labelNames, registers: [registry] })),
  };
}
