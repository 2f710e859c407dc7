import type { IncomingMessage } from 'node:http';

/**
 * The bearer token of a request: the `Authorization: Bearer` header, else the
 * `access_token` query parameter (browsers cannot set headers on WebSocket and
 * EventSource requests, so the client puts the token there).
 */
export function bearerToken(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match) return match[1];
  }
  return url.searchParams.get('access_token') ?? undefined;
}
