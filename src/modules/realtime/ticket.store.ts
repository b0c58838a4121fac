import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';

const hash = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');

/**
 * Short-lived, single-use WebSocket tickets. Browsers cannot set headers on a
 * WebSocket handshake, and a session token in a URL would end up in logs; a
 * ticket in `?ticket=` is worthless once used or after a few seconds. Stored in
 * PostgreSQL (hashed) so a ticket issued by one instance works on any other.
 */
export class TicketStore {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
    private readonly ttlSeconds: number,
  ) {}

  async issue(userId: string): Promise<{ ticket: string; expiresAt: string }> {
    const ticket = randomBytes(24).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now + this.ttlSeconds * 1000);
    await this.sql`delete from ws_tickets where expires_at < ${new Date(now - 60_000)}`;
    await this.sql`insert into ws_tickets (hash, user_id, expires_at) values (${hash(ticket)}, ${userId}, ${expiresAt})`;
    return { ticket, expiresAt: expiresAt.toISOString() };
  }

  /** The ticket's user, or null if unknown, used or expired. Consumes it either way. */
  async consume(ticket: string): Promise<string | null> {
    if (ticket.length < 16 || ticket.length > 128) return null;
    const [row] = await this.sql<{ user_id: string; expires_at: Date }[]>`
      delete from ws_tickets where hash = ${hash(ticket)} returning user_id, expires_at`;
    if (!row || row.expires_at.getTime() < this.clock.now()) return null;
    return row.user_id;
  }
}
