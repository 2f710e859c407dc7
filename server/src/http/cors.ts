import type { IncomingMessage, ServerResponse } from 'node:http';

const allowedMethods = 'GET, POST, PUT, DELETE, OPTIONS';
const allowedHeaders = 'Authorization, Content-Type, X-Requested-With, X-SignalR-User-Agent';

/**
 * Cross-origin dev use: echoes the Origin and allows credentials (the SignalR client's
 * fetch sends them). Returns true when the request was a preflight and has been answered.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
  }
  if (req.method !== 'OPTIONS' || !origin || !req.headers['access-control-request-method']) {
    return false;
  }
  res.writeHead(204, {
    'Access-Control-Allow-Methods': allowedMethods,
    'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? allowedHeaders,
    'Access-Control-Max-Age': '600',
  });
  res.end();
  return true;
}
