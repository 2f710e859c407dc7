/** `POST {path}/negotiate?negotiateVersion=1`: authenticates and creates a connection. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { respond, respondJson, respondUnauthorized } from './http.ts';

export const AVAILABLE_TRANSPORTS = [
  { transport: 'WebSockets', transferFormats: ['Text', 'Binary'] },
  { transport: 'ServerSentEvents', transferFormats: ['Text'] },
  { transport: 'LongPolling', transferFormats: ['Text', 'Binary'] },
] as const;

export interface NegotiateResponse {
  readonly connectionId: string;
  readonly connectionToken: string;
  readonly negotiateVersion: 1;
  readonly availableTransports: typeof AVAILABLE_TRANSPORTS;
}

/**
 * The endpoint says how to authenticate the request and how to create a connection
 * for its principal; this answers the request.
 */
export async function handleNegotiate<P>(
  req: IncomingMessage,
  res: ServerResponse,
  authenticate: () => Promise<P | null>,
  createConnection: (principal: P) => { connectionId: string; connectionToken: string },
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
  const { connectionId, connectionToken } = createConnection(principal);
  const body: NegotiateResponse = {
    connectionId,
    connectionToken,
    negotiateVersion: 1,
    availableTransports: AVAILABLE_TRANSPORTS,
  };
  respondJson(req, res, 200, body);
}
