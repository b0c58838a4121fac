import type { Upload } from '../../../../shared/api/uploads';
import { ApiError, humanMessage } from '../../api';

/**
 * POST /uploads with upload progress: fetch cannot report how much of a body is sent,
 * so this one request uses XMLHttpRequest (same origin, so the session cookie goes along).
 */
export function uploadWithProgress(file: Blob, onProgress: (fraction: number) => void): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/uploads');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError('NETWORK', humanMessage('NETWORK', ''), 0));
    xhr.onload = () => {
      let json: unknown = null;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        json = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(json as Upload);
        return;
      }
      const err = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
      const code = err?.code ?? (xhr.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
      reject(new ApiError(code, humanMessage(code, err?.message ?? '', err?.details), xhr.status, err?.details));
    };
    xhr.send(file);
  });
}
