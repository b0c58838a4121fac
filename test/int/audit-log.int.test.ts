import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, appendAuditAlone } from '../../src/modules/audit/index.js';
import { CARDS, orderIn, userWithCard } from '../factories/payments.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

let t: TestApp;
let admin: { id: string; token: string };

beforeAll(async () => {
  t = await startTestApp({ background: false });
  const a = await t.app.services.identity.ensureAdmin('root@audit.test', 'admin password 123');
  if (!a.ok) throw new Error(a.error.message);
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'root@audit.test', password: 'admin password 123' } });
  admin = { id: a.value.id, token: login.json().token };
});
afterAll(async () => t.close());

const get = (url: string, token = admin.token) => t.app.inject({ method: 'GET', url, headers: bearer(token) });
const now = () => new Date();

type Row = { seq: number; action: string; actor_id: string | null; subject_id: string | null; ip: string | null; data: Record<string, unknown> };
const rowsOf = (action: string) => t.db.sql<Row[]>`select seq, action, actor_id, subject_id, ip, data from audit_log where action = ${action} order by seq`;

/** Changes one row behind the triggers' back, as only a superuser can. */
async function tamper(seq: number, data: Record<string, unknown>): Promise<void> {
  await t.db.sql.begin(async (tx) => {
    await tx`alter table audit_log disable trigger audit_log_no_update`;
    await tx`update audit_log set data = ${tx.json(data as never)} where seq = ${seq}`;
    await tx`alter table audit_log enable trigger audit_log_no_update`;
  });
}

async function untamper(seq: number, data: unknown): Promise<void> {
  await tamper(seq, data as Record<string, unknown>);
}

describe('audit log: append-only and chained', () => {
  it("when the app's connection tries to UPDATE, DELETE or TRUNCATE audit_log, then the triggers refuse", async () => {
    await appendAuditAlone(t.db.sql, { actorId: null, action: 'test.append_only', subjectType: 'test', subjectId: 'x' }, now());
    const refused = (p: Promise<unknown>) => expect(p).rejects.toThrow(/append-only/);
    await refused(t.db.sql`update audit_log set action = 'changed' where action = 'test.append_only'`.execute());
    await refused(t.db.sql`delete from audit_log where action = 'test.append_only'`.execute());
    await refused(t.db.sql`truncate audit_log`.execute());
    expect((await rowsOf('test.append_only')).length).toBe(1);
  });

  it('when 50 transactions append at once, then the seqs are contiguous and the chain verifies', async () => {
    const [before] = await t.db.sql<{ n: number }[]>`select coalesce(max(seq), 0)::int as n from audit_log`;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        appendAuditAlone(t.db.sql, { actorId: null, action: 'test.parallel', subjectType: 'test', subjectId: String(i), data: { i } }, now()),
      ),
    );
    const seqs = (await rowsOf('test.parallel')).map((r) => r.seq);
    expect(seqs).toHaveLength(50);
    const start = (before?.n ?? 0) + 1;
    const [all] = await t.db.sql<{ min: number; max: number; n: number }[]>`select min(seq)::int, max(seq)::int, count(*)::int as n from audit_log`;
    expect(all?.min).toBe(1);
    expect(all?.n).toBe(all?.max); // no holes
    expect(Math.min(...seqs)).toBeGreaterThanOrEqual(start);
    const v = (await get('/api/v1/admin/audit/verify')).json();
    expect(v).toEqual({ ok: true, checked: all?.n });
  });

  it('when a change rolls back, then its audit row is gone with it', async () => {
    await expect(
      t.db.sql.begin(async (tx) => {
        await appendAudit(tx, { actorId: null, action: 'test.rolled_back', subjectType: 'test', subjectId: 'r' }, now());
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    expect(await rowsOf('test.rolled_back')).toEqual([]);
    // A real one: an email change that hits a taken address is refused, and nothing is audited.
    const a = await registerUser(t.app, 'rb-a');
    const b = await registerUser(t.app, 'rb-b');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/email',
      headers: bearer(a.token),
      payload: { email: b.email, currentPassword: 'correct horse battery' },
    });
    expect(res.statusCode).toBe(409);
    expect((await rowsOf('auth.email_changed')).filter((r) => r.subject_id === a.id)).toEqual([]);
  });

  it('when a row is changed behind the triggers, then the API and the CLI both find the break at that row', async () => {
    const { seq } = await appendAuditAlone(t.db.sql, { actorId: null, action: 'test.tamper', subjectType: 'test', subjectId: 't', data: { amount: 100 } }, now());
    await appendAuditAlone(t.db.sql, { actorId: null, action: 'test.after', subjectType: 'test', subjectId: 't' }, now());
    await tamper(seq, { amount: 1 });
    try {
      const v = (await get('/api/v1/admin/audit/verify')).json();
      expect(v).toEqual({ ok: false, checked: seq - 1, break: { seq, reason: 'hash' } });
      const cli = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'verify-audit'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: t.db.url, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_KEYS: t.config.DATA_KEYS },
      }).then(
        () => ({ code: 0, out: '' }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
      expect(cli.code).toBe(1);
      expect(cli.out).toContain(`BROKEN at seq ${seq} (hash)`);
    } finally {
      await untamper(seq, { amount: 100 });
    }
    expect((await get('/api/v1/admin/audit/verify')).json().ok).toBe(true);
    const ok = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'verify-audit'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.db.url, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_KEYS: t.config.DATA_KEYS },
    });
    expect(ok.stdout).toMatch(/audit log intact: \d+ rows checked/);
  });
});

describe('audit log: what is written', () => {
  it('when someone signs in, then auth.login is written; a wrong password writes auth.login_failed without the password', async () => {
    const u = await registerUser(t.app, 'signin');
    const login = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password }, remoteAddress: '203.0.113.9' });
    expect((await login('correct horse battery')).statusCode).toBe(200);
    expect((await login('wrong password 123!')).statusCode).toBe(401);
    const ok = (await rowsOf('auth.login')).filter((r) => r.subject_id === u.id);
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ actor_id: u.id, ip: '203.0.113.9' });
    const failed = (await rowsOf('auth.login_failed')).filter((r) => r.subject_id === u.id);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.data).toEqual({ email: u.email.toLowerCase(), knownAccount: true });
    expect(JSON.stringify(failed)).not.toContain('wrong password');
    // Signing out is audited too.
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(u.token) })).statusCode).toBe(204);
    expect((await rowsOf('auth.logout')).some((r) => r.subject_id === u.id)).toBe(true);
  });

  it('when an operator makes an admin and a user changes email and password, then each is audited with its facts', async () => {
    const grant = (await rowsOf('role.granted')).filter((r) => r.subject_id === admin.id);
    expect(grant).toHaveLength(1);
    expect(grant[0]).toMatchObject({ actor_id: null, data: { role: 'admin', by: 'operator', before: [], after: ['admin'] } });
    const u = await registerUser(t.app, 'changes');
    const other = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: 'correct horse battery' } });
    expect(other.statusCode).toBe(200);
    const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: bearer(u.token), payload: payload as never });
    expect((await post('/api/v1/me/email', { email: `new-${u.email}`, currentPassword: 'correct horse battery' })).statusCode).toBe(200);
    expect((await post('/api/v1/me/password', { currentPassword: 'correct horse battery', newPassword: 'a brand new secret 1' })).statusCode).toBe(204);
    expect((await rowsOf('auth.email_changed')).filter((r) => r.subject_id === u.id)).toHaveLength(1);
    const pw = (await rowsOf('auth.password_changed')).filter((r) => r.subject_id === u.id);
    expect(pw.map((r) => [r.actor_id, r.data])).toEqual([[u.id, { otherSessionsRevoked: 1 }]]);
    expect(JSON.stringify(pw)).not.toContain('brand new secret');
  });

  it('when an admin refunds an order, then the refund, its ledger posting and the admin action are audited', async () => {
    const seller = await registerUser(t.app, 'rf-seller');
    const buyer = await userWithCard(t.app, 'rf-buyer', CARDS.ok);
    const o = await orderIn(t.app, 'in_escrow', seller, buyer, 4000);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/orders/${o.id}/actions`,
      headers: bearer(admin.token),
      payload: { action: 'refund', reason: 'item lost', amount: 1500 },
    });
    expect(res.statusCode).toBe(200);
    const refund = (await rowsOf('payment.refund')).filter((r) => r.subject_id === o.id);
    expect(refund).toHaveLength(1);
    expect(refund[0]).toMatchObject({ actor_id: admin.id, data: { amount: 1500, currency: 'EUR' } });
    const posted = await t.db.sql<Row[]>`select * from audit_log where action = 'ledger.posted' and data->>'orderId' = ${o.id} order by seq`;
    expect(posted.map((r) => r.data.kind)).toEqual(['capture', 'refund']);
    expect(posted[1]?.subject_id).toBe(refund[0]?.data.ledgerTransactionId);
    const act = (await rowsOf('order.admin_refund')).filter((r) => r.subject_id === o.id);
    expect(act[0]).toMatchObject({ actor_id: admin.id, data: { reason: 'item lost', amount: 1500, from: 'in_escrow' } });
  });
});

describe('audit log: admin list and CSV', () => {
  it('when an admin filters by action prefix, actor, subject and time, then only matching rows come, newest first, in pages', async () => {
    const u = await registerUser(t.app, 'filters');
    const at = (ms: number) => new Date(Date.UTC(2030, 0, 1) + ms);
    for (let i = 0; i < 5; i++)
      await appendAuditAlone(t.db.sql, { actorId: u.id, action: i % 2 ? 'zz.beta' : 'zz.alpha', subjectType: 'widget', subjectId: `w${i}`, data: { i } }, at(i * 1000));
    const list = async (q: string) => (await get(`/api/v1/admin/audit?${q}`)).json() as { items: { subjectId: string; seq: number }[]; nextCursor: string | null };
    expect((await list('action=zz.')).items.map((r) => r.subjectId)).toEqual(['w4', 'w3', 'w2', 'w1', 'w0']);
    expect((await list('action=zz.*')).items).toHaveLength(5);
    expect((await list('action=zz.beta')).items.map((r) => r.subjectId)).toEqual(['w3', 'w1']);
    expect((await list(`actorId=${u.id}&subjectType=widget&subjectId=w2`)).items.map((r) => r.subjectId)).toEqual(['w2']);
    const window = `from=${at(1000).toISOString()}&to=${at(3000).toISOString()}`;
    expect((await list(`action=zz.&${window}`)).items.map((r) => r.subjectId)).toEqual(['w2', 'w1']);
    const p1 = await list(`action=zz.&limit=2`);
    expect(p1.items.map((r) => r.subjectId)).toEqual(['w4', 'w3']);
    const p2 = await list(`action=zz.&limit=2&cursor=${p1.nextCursor}`);
    expect(p2.items.map((r) => r.subjectId)).toEqual(['w2', 'w1']);
    const p3 = await list(`action=zz.&limit=2&cursor=${p2.nextCursor}`);
    expect([p3.items.map((r) => r.subjectId), p3.nextCursor]).toEqual([['w0'], null]);
    for (const bad of ['limit=201', 'cursor=nope', 'action=Auth%20Login', 'actorId=x', 'from=yesterday', 'extra=1'])
      expect((await get(`/api/v1/admin/audit?${bad}`)).json().error.code, bad).toBe('VALIDATION_FAILED');
    expect((await get('/api/v1/admin/audit', u.token)).statusCode).toBe(403);
  });

  it('when an admin exports CSV, then it is an attachment of the same filter with proper quoting and no formulas', async () => {
    const tricky = 'he said "hi", then\nleft';
    await appendAuditAlone(t.db.sql, { actorId: null, action: 'csv.one', subjectType: 'widget', subjectId: '=HYPERLINK("x")', data: { note: tricky } }, now());
    await appendAuditAlone(t.db.sql, { actorId: null, action: 'csv.one', subjectType: 'widget', subjectId: 'line\r\nbreak, too' }, now());
    await appendAuditAlone(t.db.sql, { actorId: null, action: 'csv.two', subjectType: 'widget', subjectId: 'plain' }, now());
    const res = await get('/api/v1/admin/audit?action=csv.&format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="gavel-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('seq,at,actorId,action,subjectType,subjectId,ip,data,prevHash,hash');
    expect(lines[1]).toMatch(/^\d+,[^,]+,,csv\.two,widget,plain,,\{\},[0-9a-f]{64},[0-9a-f]{64}$/);
    // The second row's data holds a quote, a comma and a newline: one quoted field, quotes doubled.
    const rest = lines.slice(2).join('\r\n');
    expect(rest).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(rest).toContain(`,"line\r\nbreak, too",`);
    expect(rest).toContain(`"{""note"":""he said \\""hi\\"", then\\nleft""}"`);
    expect(lines.at(-1)).toBe('');
    expect((await get('/api/v1/admin/audit?action=csv.&format=csv', (await registerUser(t.app, 'csv-nope')).token)).statusCode).toBe(403);
  });
});
