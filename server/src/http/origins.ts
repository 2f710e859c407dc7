import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

function parse(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** http(s) on this machine, any port: the local app (`ng serve`, the e2e servers). */
export function isLoopbackOrigin(origin: string): boolean {
  const url = parse(origin);
  return (
    url !== null &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    loopbackHosts.has(url.hostname) &&
    url.origin === origin
  );
}

/**
 * Which browser origins may call the backend: an allow-list (CORS_ORIGINS), or by
 * default the local app's origins on any loopback port. The backend's own public origin
 * (its sign-in page posts to itself) is always allowed.
 */
export class OriginPolicy {
  readonly #list: ReadonlySet<string> | null;
  readonly #own: () => string;

  constructor(list: readonly string[] | null | undefined, ownOrigin: () => string) {
    this.#list = list ? new Set(list) : null;
    this.#own = ownOrigin;
  }

  allows(origin: string): boolean {
    if (origin === this.#own()) return true;
    return this.#list ? this.#list.has(origin) : isLoopbackOrigin(origin);
  }

  /**
   * A request carrying an Origin we do not allow is refused outright (403, no CORS
   * headers), whatever it asks: a preflight, a simple POST a browser would send without
   * one, an SSE stream. Requests without Origin (same-origin GETs, scripts) go on.
   */
  refuseRequest(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    if (origin === undefined || this.allows(origin)) return false;
    const body = JSON.stringify({
      status: 403,
      title: 'Forbidden',
      detail: 'This origin may not call the PhotoFlow API.',
      code: 'ORIGIN_NOT_ALLOWED',
    });
    res.writeHead(403, {
      'Content-Type': 'application/problem+json; charset=utf-8',
      'Cache-Control': 'no-store',
      Vary: 'Origin',
    });
    res.end(body);
    return true;
  }

  /** The same for a WebSocket upgrade (browsers send Origin on every one). */
  refuseUpgrade(req: IncomingMessage, socket: Duplex): boolean {
    const origin = req.headers.origin;
    if (origin === undefined || this.allows(origin)) return false;
    socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return true;
  }
}

/**
 * The emulated Google's check of a redirect_uri: exactly one of the registered URIs, or
 * by default `/callback` (no query) on a loopback origin, any port, as Google allows
 * loopback redirects for installed apps.
 */
export function isRegisteredRedirectUri(
  value: string | null,
  registered: readonly string[] | null | undefined,
): value is string {
  if (!value) return false;
  const url = parse(value);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return false;
  if (registered) return registered.includes(url.toString()) && url.toString() === value;
  return (
    isLoopbackOrigin(url.origin) &&
    url.pathname === '/callback' &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '' &&
    `${url.origin}/callback` === value
  );
}
