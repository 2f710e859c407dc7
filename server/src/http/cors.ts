import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OriginPolicy } from './origins.ts';

const allowedMethods = 'GET, POST, PUT, DELETE, OPTIONS';
const allowedHeaders = 'Authorization, Content-Type, X-Requested-With, X-SignalR-User-Agent';

/**
 * CORS for the allowed origins only (OriginPolicy refused the others before this):
 * their Origin is named, with credentials (the SignalR client's fetch sends them).
 * Returns true when the request was a preflight and has been answered.
 */
export function applyCors(
  req: IncomingMessage,
  res: ServerResponse,
  policy: OriginPolicy,
): boolean {
  const origin = req.headers.origin;
  if (!origin || !policy.allows(origin)) return false;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Vary', 'Origin');
  if (req.method !== 'OPTIONS' || !req.headers['access-control-request-method']) return false;
  res.writeHead(204, {
    'Access-Control-Allow-Methods': allowedMethods,
    'Access-Control-Allow-Headers': allowedHeaders,
    'Access-Control-Max-Age': '600',
  });
  res.end();
  return true;
}
