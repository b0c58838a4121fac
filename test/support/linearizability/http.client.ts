import { Agent, request } from 'undici';

/** A JSON answer: status and parsed body (null when the body is not JSON). */
export interface JsonAnswer {
  status: number;
  body: Record<string, unknown> | null;
}

/**
 * A keep-alive HTTP client for many concurrent callers. A request that gets no
 * answer within `timeoutMs` throws: for a history that is an unknown outcome.
 */
export class HttpClient {
  private readonly agent: Agent;
  constructor(private readonly timeoutMs: number) {
    this.agent = new Agent({ keepAliveTimeout: 30_000, connections: 256, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  async json(method: 'GET' | 'POST', url: string, token: string | null, body?: unknown): Promise<JsonAnswer> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await request(url, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      dispatcher: this.agent,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.body.text();
    let parsed: Record<string, unknown> | null = null;
    try {
      parsed = text.length > 0 ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      parsed = null;
    }
    return { status: res.statusCode, body: parsed };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
