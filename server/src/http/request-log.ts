import type { IncomingMessage, ServerResponse } from 'node:http';

/** Query parameters that may carry a secret (`id` is a hub connection token); never logged. */
const secretParams = ['access_token', 'code', 'refresh_token', 'token', 'id_token', 'id'];

export function redactUrl(rawUrl: string): string {
  const queryStart = rawUrl.indexOf('?');
  if (queryStart < 0) return rawUrl;
  const path = rawUrl.slice(0, queryStart);
  const query = rawUrl
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=')[0] ?? '';
      return secretParams.includes(decodeSafely(name).toLowerCase()) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export type LogLine = (line: string) => void;

/** Logs method, path (secrets redacted), status and duration when the response ends. */
export function logRequest(req: IncomingMessage, res: ServerResponse, log: LogLine): void {
  const started = performance.now();
  res.once('close', () => {
    const ms = Math.round(performance.now() - started);
    const status = res.headersSent ? res.statusCode : 0;
    log(`${req.method} ${redactUrl(req.url ?? '/')} ${status} ${ms}ms`);
  });
}
