import type {
  BlacklistAddBody,
  BlacklistEntry,
  BlacklistList,
  BlacklistQuery,
  CaseActionBody,
  CaseActionResult,
  CaseDetail,
  CaseList,
  CaseListQuery,
} from '../../shared/api/review';
import { request } from './api';

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

/** Admin: review cases, newest first. */
export const reviewCases = (q: CaseListQuery, signal?: AbortSignal): Promise<CaseList> =>
  request<CaseList>('GET', '/admin/risk/cases', { query: q, ...withSignal(signal) });

/** Admin: one case with its signals and evidence graph. */
export const reviewCase = (id: string, signal?: AbortSignal): Promise<CaseDetail> =>
  request<CaseDetail>('GET', `/admin/risk/cases/${encodeURIComponent(id)}`, withSignal(signal));

/** Admin: one action on a case (audited; the people affected are notified). */
export const actOnCase = (id: string, body: CaseActionBody): Promise<CaseActionResult> =>
  request<CaseActionResult>('POST', `/admin/risk/cases/${encodeURIComponent(id)}/actions`, { body });

export const blacklistEntries = (q: BlacklistQuery, signal?: AbortSignal): Promise<BlacklistList> =>
  request<BlacklistList>('GET', '/admin/blacklist', { query: q, ...withSignal(signal) });

export const addBlacklistEntry = (body: BlacklistAddBody): Promise<BlacklistEntry> => request<BlacklistEntry>('POST', '/admin/blacklist', { body });

export const removeBlacklistEntry = (id: string): Promise<BlacklistEntry> =>
  request<BlacklistEntry>('DELETE', `/admin/blacklist/${encodeURIComponent(id)}`);
