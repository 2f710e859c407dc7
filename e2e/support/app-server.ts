import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import {
  createSecureServer,
  type Http2SecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2';
import { connect, type Socket } from 'node:net';
import { routeLocale } from '../../server/tools/locale-routes.ts';
import {
  cacheControlFor,
  contentTypeOf,
  EncodedFiles,
  isCompressible,
  isFresh,
  negotiateCoding,
  streamingCompressor,
  varyOnEncoding,
} from '../../server/tools/delivery.ts';
import { freePort } from './ports.ts';

const proxiedPrefixes = ['/api/', '/hubs/', '/dev/', '/health'];

/**
 * Headers of HTTP/1.1's connection management, which HTTP/2 forbids (RFC 9113 §8.2.2):
 * an HTTP/1.1 backend's are left out of what goes to an HTTP/2 browser.
 */
const connectionHeaders = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
];

/**
 * Serves the built app (SPA fallback to index.html; a localized build per language under
 * /en/ and /vi/, see server/tools/locale-routes.ts) and proxies the backend's paths,
 * WebSocket upgrades included, as `ng serve`'s proxy does in development. Plain
 * node:http (or, with `tls`, node:http2 over TLS with HTTP/1.1 beside it): upgrade
 * sockets are piped both ways.
 *
 * Delivered as production delivers it (./delivery.ts): brotli or gzip as the browser
 * accepts, hashed files immutable, the document revalidated (`no-cache`, never `no-store`,
 * which would keep pages out of the back/forward cache); the backend's uncompressed
 * answers compressed on the way through.
 */
export class AppServer {
  private readonly sockets = new Set<Socket>();
  private readonly server: Server | Http2SecureServer;
  readonly port: number;
  private readonly secure: boolean;
  // No parameter properties: `npm start` runs this file with Node's type stripping.
  private constructor(server: Server | Http2SecureServer, port: number, secure: boolean) {
    this.server = server;
    this.port = port;
    this.secure = secure;
  }

  get url(): string {
    return `${this.secure ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  /**
   * `hubUrl`: a hub on another origin (the ASP.NET Core hub), named to the app in a meta
   * tag of index.html (see environments/environment.aspnetcore.ts).
   */
  static async start(
    root: string,
    backendPort: () => number,
    options: {
      port?: number;
      hubUrl?: () => string | undefined;
      /** Sent with every file served (a deployment's security headers, CSP included). */
      headers?: Readonly<Record<string, string>>;
      /**
       * Served over TLS, HTTP/2 first as the README's nginx serves production (`listen 443
       * ssl http2`), HTTP/1.1 for what asks for it (WebSocket upgrades).
       */
      tls?: { readonly key: string; readonly cert: string };
    } = {},
  ): Promise<AppServer> {
    const port = options.port ?? (await freePort());
    // Compressed before the first visitor asks (brotli at its best takes a moment per file).
    await encodedFiles.warm(root);
    const files = encodedFiles;
    const handle = (request: IncomingMessage, response: ServerResponse) => {
      if (isProxied(request.url)) proxy(request, response, backendPort());
      else
        serveFile(root, files, request, response, options.hubUrl?.(), options.headers).catch(() => {
          if (!response.headersSent) response.writeHead(500);
          response.end();
        });
    };
    const server = options.tls
      ? // node:http2's compatibility API answers as node:http does, in what is used here; an
        // HTTP/2 request's pseudo-headers and connection headers are handled in `proxy`.
        createSecureServer(
          { ...options.tls, allowHTTP1: true },
          handle as unknown as (request: Http2ServerRequest, response: Http2ServerResponse) => void,
        )
      : createServer(handle);
    const app = new AppServer(server, port, !!options.tls);
    server.on('connection', (socket) => {
      app.sockets.add(socket);
      socket.on('close', () => app.sockets.delete(socket));
    });
    server.on('upgrade', (request, socket: Socket, head) => {
      if (!isProxied(request.url)) {
        socket.destroy();
        return;
      }
      const upstream = connect(backendPort(), '127.0.0.1', () => {
        const headers = Object.entries(request.headers)
          .flatMap(([name, value]) =>
            (Array.isArray(value) ? value : [value]).map((v) => `${name}: ${v}`),
          )
          .join('\r\n');
        upstream.write(`${request.method} ${request.url} HTTP/1.1\r\n${headers}\r\n\r\n`);
        if (head.length) upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      app.sockets.add(upstream);
      upstream.on('close', () => app.sockets.delete(upstream));
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
      upstream.on('close', () => socket.destroy());
      socket.on('close', () => upstream.destroy());
    });
    await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
    return app;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}

/** Shared by every app server of the process (the e2e suite starts many on one build). */
const encodedFiles = new EncodedFiles();

function isProxied(url = '/'): boolean {
  return proxiedPrefixes.some(
    (prefix) => url.startsWith(prefix) || url === prefix.replace(/\/$/, ''),
  );
}

function proxy(request: IncomingMessage, response: ServerResponse, port: number): void {
  const overHttp2 = request.httpVersion === '2.0';
  const upstream = httpRequest(
    {
      host: '127.0.0.1',
      port,
      method: request.method,
      path: request.url,
      headers: overHttp2 ? http1Headers(request.headers) : request.headers,
    },
    (answer) => {
      const coding = proxiedCoding(request, answer);
      const answered = { ...answer.headers };
      if (overHttp2) for (const name of connectionHeaders) delete answered[name];
      if (coding === 'identity') {
        response.writeHead(answer.statusCode ?? 502, answered);
      } else {
        // The length changes with the coding: the answer goes out chunked.
        const headers = { ...answered };
        delete headers['content-length'];
        response.writeHead(answer.statusCode ?? 502, {
          ...headers,
          'content-encoding': coding,
          vary: varyOnEncoding(answer.headers.vary),
        });
      }
      // Server-Sent Events and long polls stream: flush every chunk as it comes.
      response.flushHeaders();
      // A stream the backend drops (a hub cut, a crash) is dropped for the browser too;
      // a pipe alone would keep the browser's end open, a cut no client could see.
      answer.on('close', () => {
        if (!answer.complete) response.destroy();
      });
      if (coding === 'identity') answer.pipe(response);
      else answer.pipe(streamingCompressor(coding)).pipe(response);
    },
  );
  upstream.on('error', () => {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.writeHead(502, { 'content-type': 'text/plain' });
    response.end('Bad gateway: the dev backend is not reachable.');
  });
  response.on('close', () => upstream.destroy());
  request.pipe(upstream);
}

/** An HTTP/2 request's headers as HTTP/1.1 says them: `:authority` as `host`, no pseudo-headers. */
function http1Headers(headers: IncomingMessage['headers']): IncomingMessage['headers'] {
  const plain = Object.fromEntries(
    Object.entries(headers).filter(([name]) => !name.startsWith(':')),
  );
  const authority = headers[':authority'];
  return typeof authority === 'string' ? { host: authority, ...plain } : plain;
}

/**
 * The coding for a proxied answer: the backend's own if it chose one; none for streams
 * (Server-Sent Events flush event by event, long polls carry binary frames), empty
 * answers and HEAD; else what the browser accepts.
 */
function proxiedCoding(request: IncomingMessage, answer: IncomingMessage) {
  const contentType = answer.headers['content-type'];
  const empty = answer.statusCode === 204 || answer.statusCode === 304 || request.method === 'HEAD';
  if (
    empty ||
    answer.headers['content-encoding'] ||
    contentType?.startsWith('text/event-stream') ||
    !isCompressible(contentType)
  )
    return 'identity';
  return negotiateCoding(request.headers['accept-encoding']);
}

async function serveFile(
  root: string,
  files: EncodedFiles,
  request: IncomingMessage,
  response: ServerResponse,
  hubUrl: string | undefined,
  headers: Readonly<Record<string, string>> = {},
): Promise<void> {
  const route = routeLocale(root, request.url ?? '/', request.headers);
  if (route.kind === 'redirect') {
    // The language is chosen per visitor (cookie, Accept-Language): never stored.
    response.writeHead(302, { location: route.location, 'cache-control': 'no-store' });
    response.end();
    return;
  }
  if (route.kind === 'building') {
    response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' });
    response.end('The app is still building; reload in a moment.');
    return;
  }
  const file = route.file;
  const contentType = contentTypeOf(file);
  const compressible = isCompressible(contentType);
  const isDocument = file.endsWith('index.html');
  const injectHub = hubUrl && isDocument;
  const encoded = await files.get(
    file,
    compressible,
    injectHub
      ? (body) => {
          const meta = `<meta name="photoflow-hub-url" content="${hubUrl}" />`;
          return Buffer.from(body.toString('utf8').replace('<head>', `<head>\n    ${meta}`));
        }
      : undefined,
    injectHub ? hubUrl : '',
  );
  const coding = compressible ? negotiateCoding(request.headers['accept-encoding']) : 'identity';
  const common = {
    'cache-control': cacheControlFor(file),
    etag: encoded.etag,
    ...(compressible ? { vary: 'Accept-Encoding' } : {}),
    ...headers,
  };
  if (isFresh(request.headers['if-none-match'], encoded.etag)) {
    response.writeHead(304, common);
    response.end();
    return;
  }
  const body = encoded.bodies[coding];
  response.writeHead(200, {
    'content-type': contentType,
    'content-length': body.length,
    ...(coding === 'identity' ? {} : { 'content-encoding': coding }),
    ...common,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
