import type { KeySetView, TranscriptView } from '../../shared/api/transcripts';
import { KEYS_PATH } from '../../shared/api/transcripts';
import { request } from './api';

/** An auction's hash-chained, signed transcript. */
export const transcriptOf = (auctionId: string, signal?: AbortSignal): Promise<TranscriptView> =>
  request<TranscriptView>('GET', `/auctions/${encodeURIComponent(auctionId)}/transcript`, signal ? { signal } : {});

/** The platform's published signing keys (outside the API prefix, like any `.well-known` document). */
export async function gavelKeys(): Promise<KeySetView> {
  const res = await fetch(KEYS_PATH, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`keys: ${res.status}`);
  return (await res.json()) as KeySetView;
}
