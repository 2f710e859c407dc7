/** Small HTTP helpers shared by negotiate and the HTTP transports. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';

const ALLOWED_HEADERS = 'Authorization, X-Requested-With, X-SignalR-User-Agent, Content-Type';
const ALLOWED_METHODS = 'GET, POST, DELETE, OPTIONS';

/**
 * The browser client sends its requests with credentials, so a cross-origin answer
 * must name the origin (never `*`) and allow credentials.
 */
export function corsHeaders(req: IncomingMessage): OutgoingHttpHeaders {
  const origin = req.headers.origin;
  if (origin === undefined) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    Vary: 'Origin',
  };
}

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(204, {
    ...corsHeaders(req),
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
  });
  res.end();
}

/** Answers with a status and an optional plain-text body (never a token). */
export function respond(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body = '',
  headers: OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, {
    ...corsHeaders(req),
    'Cache-Control': 'no-cache, no-store',
    // As ASP.NET Core writes it; the bodies are ASCII.
    'Content-Type': 'text/plain',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

export function respondJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  value: unknown,
): void {
  respond(req, res, status, JSON.stringify(value), { 'Content-Type': 'application/json' });
}

/** JwtBearer's challenge: no body, no Content-Type. */
export function respondUnauthorized(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(401, { ...corsHeaders(req), 'WWW-Authenticate': 'Bearer', 'Content-Length': 0 });
  res.end();
}

/** Refuses a WebSocket upgrade with a plain HTTP answer, then closes the socket. */
export function rejectUpgrade(socket: Duplex, status: number, extraHeaders = ''): void {
  if (socket.destroyed) return;
  const reason = STATUS_CODES[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n${extraHeaders}\r\n`,
  );
}

export class BodyTooLargeError extends Error {}

/** Reads a request body as UTF-8 text, refusing more than maxBytes. */
export async function readTextBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > maxBytes) throw new BodyTooLargeError(`Body exceeds ${maxBytes} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length).toString('utf8');
}
