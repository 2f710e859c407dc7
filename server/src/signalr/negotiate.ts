/**
 * `POST {path}/negotiate?negotiateVersion=1`: authenticates and creates a connection,
 * answering as ASP.NET Core's HttpConnectionDispatcher does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { respond, respondJson, respondUnauthorized } from './http.ts';

export const AVAILABLE_TRANSPORTS = [
  { transport: 'WebSockets', transferFormats: ['Text', 'Binary'] },
  { transport: 'ServerSentEvents', transferFormats: ['Text'] },
  { transport: 'LongPolling', transferFormats: ['Text', 'Binary'] },
] as const;

/** The newest negotiate version; an older client gets its own. */
const NEGOTIATE_VERSION = 1;

export interface NegotiateOptions {
  readonly allowStatefulReconnects: boolean;
}

export interface NewConnection {
  readonly connectionId: string;
  readonly connectionToken: string;
}

/**
 * The endpoint says how to authenticate the request and how to create a connection
 * for its principal; this answers the request.
 */
export async function handleNegotiate<P>(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: NegotiateOptions,
  authenticate: () => Promise<P | null>,
  createConnection: (
    principal: P,
    options: { statefulReconnect: boolean; idIsToken: boolean },
  ) => NewConnection,
  tooManyPending: (principal: P) => boolean = () => false,
): Promise<void> {
  if (req.method !== 'POST') {
    respond(req, res, 405, '', { Allow: 'POST, OPTIONS' });
    return;
  }
  const principal = await authenticate();
  if (principal === null) {
    respondUnauthorized(req, res);
    return;
  }
  // Each negotiation holds memory until its transport comes or 15 s pass: one user may
  // not pile them up (a client negotiates once per connection attempt).
  if (tooManyPending(principal)) {
    respond(req, res, 429, 'Too many connections waiting for a transport.', {
      'Retry-After': '15',
    });
    return;
  }
  // ASP.NET Core reads its query parameters case-insensitively.
  const query = new Map([...url.searchParams].map(([key, value]) => [key.toLowerCase(), value]));
  const requested = query.get('negotiateversion');
  let version = 0;
  if (requested !== undefined) {
    if (!/^\s*[+-]?\d+\s*$/.test(requested)) {
      respondJson(req, res, 200, { error: 'The client requested a non-integer protocol version.' });
      return;
    }
    version = Math.min(Number(requested), NEGOTIATE_VERSION);
    if (version < 0) {
      respondJson(req, res, 200, {
        error: `The client requested version '${version}', but the server does not support this version.`,
      });
      return;
    }
  }
  const statefulReconnect =
    options.allowStatefulReconnects &&
    query.get('usestatefulreconnect')?.trim().toLowerCase() === 'true';
  const { connectionId, connectionToken } = createConnection(principal, {
    statefulReconnect,
    idIsToken: version < 1,
  });
  respondJson(req, res, 200, {
    ...(statefulReconnect ? { useStatefulReconnect: true } : {}),
    negotiateVersion: version,
    connectionId,
    ...(version > 0 ? { connectionToken } : {}),
    availableTransports: AVAILABLE_TRANSPORTS,
  });
}
