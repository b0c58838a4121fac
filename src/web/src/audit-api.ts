import type { AuditPage, AuditQuery, AuditVerifyResult } from '../../shared/api/audit';
import { csvUrl, request } from './api';

/** The filters of the audit log viewer (the CSV export takes the same). */
export type AuditFilter = Omit<AuditQuery, 'limit' | 'cursor' | 'format'>;

/** The admin audit log: pages, the CSV export of a filter, and the chain check. */
export const auditApi = {
  page: (f: AuditFilter, limit: number, cursor: string | null, signal?: AbortSignal) =>
    request<AuditPage>('GET', '/admin/audit', { query: { ...f, limit, cursor }, ...(signal ? { signal } : {}) }),
  csvUrl: (f: AuditFilter) => csvUrl('/admin/audit', f),
  verify: () => request<AuditVerifyResult>('GET', '/admin/audit/verify'),
};
