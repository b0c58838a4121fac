import postgres from 'postgres';

/** The database handle every repository receives (postgres.js, which pipelines queries on each connection). */
export type Sql = postgres.Sql;
/** A handle inside a transaction. */
export type Tx = postgres.TransactionSql;

/** Opens a connection pool of `max` connections. */
export function createPool(url: string, max: number, appName = 'gavel'): Sql {
  return postgres(url, {
    max,
    onnotice: () => {},
    connection: { application_name: appName },
    // Numeric and bigint columns come back as JS numbers: amounts are minor units,
    // far inside Number.MAX_SAFE_INTEGER.
    types: {
      bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
    },
    idle_timeout: 30,
    // While the database is down or restarting, a request fails (503) within a few
    // seconds instead of waiting out the driver's 30 s default.
    connect_timeout: 5,
    // The driver's default reconnect back-off grows to 20 s, shared by the pool, and
    // queries wait it out: after a database restart, service would resume only that
    // late, and requests would hang meanwhile. Retry quickly instead (seconds).
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5) * (0.5 + Math.random() / 2),
  });
}
