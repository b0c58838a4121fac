import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { KeySetView, TranscriptView } from './shared/api/transcripts.js';
import { verifyTranscript } from './shared/transcript-verify.js';

const isUrl = (s: string) => /^https?:\/\//.test(s);

async function readJson(source: string): Promise<unknown> {
  if (!isUrl(source)) return JSON.parse(await readFile(source, 'utf8'));
  const res = await fetch(source, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${source} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return res.json();
}

/**
 * `verify-transcript <file|url> [--keys <file|url>]`: runs the shared verifier (the one
 * the web app runs) and prints each check. Exit 0: every check passed; 1: one failed
 * (the line says what broke, and at which event); 2: wrong usage.
 */
export async function verifyTranscriptCommand(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { keys: { type: 'string' } }, allowPositionals: true, strict: true });
  const source = positionals[0];
  if (!source || positionals.length > 1) {
    err('verify-transcript needs one transcript FILE or URL (and --keys FILE|URL for a file)\n');
    return 2;
  }
  const transcript = (await readJson(source)) as TranscriptView;
  let keysAt = values.keys;
  if (!keysAt && isUrl(source)) keysAt = new URL(transcript.keysUrl ?? '/.well-known/gavel-keys', source).toString();
  if (!keysAt) {
    err('a transcript file needs --keys FILE|URL (the JSON of /.well-known/gavel-keys)\n');
    return 2;
  }
  const keys = (await readJson(keysAt)) as KeySetView;
  const report = await verifyTranscript(transcript, keys);
  out(`transcript of auction ${transcript.auctionId} (${transcript.entries?.length ?? 0} events, ${transcript.signatures?.length ?? 0} signatures)\n`);
  for (const c of report.checks) out(`${c.skipped ? 'SKIP' : c.ok ? 'PASS' : 'FAIL'} ${c.name}: ${c.detail}\n`);
  out(report.ok ? 'verified\n' : 'NOT VERIFIED\n');
  return report.ok ? 0 : 1;
}
