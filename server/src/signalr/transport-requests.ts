/**
 * The requests that carry a connection once negotiated, all addressed by its
 * connection token (`?id=`): the WebSocket upgrade, the SSE and Long Polling GETs,
 * the POSTs that carry client → server data on SSE and Long Polling, and the Long
 * Polling DELETE. The request that connects a transport is authenticated again;
 * every later one is authorized by the connection token alone, so a connection
 * does not die when the token it started with expires.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { HubPrincipal } from './hub.ts';
import type { Connection } from './connection.ts';
import type { ConnectionRegistry } from './connection-registry.ts';
import {
  BodyTooLargeError,
  readTextBody,
  rejectUpgrade,
  respond,
  respondUnauthorized,
} from './http.ts';
import { LongPollingTransport } from './transports/long-polling.ts';
import type { LongPollingSettings } from './transports/long-polling.ts';
import { ServerSentEventsTransport, acceptsEventStream } from './transports/sse.ts';
import { WebSocketTransport } from './transports/websockets.ts';

export interface TransportRequestsInit<P extends HubPrincipal> {
  readonly registry: ConnectionRegistry<P>;
  /** Null when the request carries no valid token. */
  readonly authenticate: (req: IncomingMessage, url: URL) => Promise<P | null>;
  readonly webSockets: WebSocketServer;
  readonly longPolling: LongPollingSettings;
  readonly maxBodyBytes: number;
}

type Authentication<P> =
  | { readonly ok: true; readonly principal: P }
  | { readonly ok: false; readonly status: 401 | 403 | 409 };

export class TransportRequests<P extends HubPrincipal> {
  readonly #init: TransportRequestsInit<P>;

  constructor(init: TransportRequestsInit<P>) {
    this.#init = init;
  }

  /** SSE when the client accepts an event stream, otherwise a Long Polling poll. */
  async get(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const connection = this.#connectionOf(req, res, url);
    if (connection === undefined) return;
    const transport = connection.transport;
    if (transport instanceof LongPollingTransport) {
      transport.poll(req, res);
      return;
    }
    const wanted = acceptsEventStream(req) ? 'ServerSentEvents' : 'LongPolling';
    if (transport !== undefined) {
      if (transport.kind === wanted) {
        respond(req, res, 409, 'The connection already has a transport.');
      } else {
        respond(req, res, 400, 'Cannot change transports mid-connection.');
      }
      return;
    }
    const auth = await this.#authenticateTransport(req, url, connection);
    if (!auth.ok) {
      if (auth.status === 401) respondUnauthorized(req, res);
      else respond(req, res, auth.status);
      return;
    }
    if (res.destroyed) {
      connection.cancelReservation();
    } else if (wanted === 'ServerSentEvents') {
      connection.attachTransport(
        new ServerSentEventsTransport(req, res, connection),
        auth.principal,
      );
    } else {
      const transport = new LongPollingTransport(connection, this.#init.longPolling);
      connection.attachTransport(transport, auth.principal);
      // The first poll only establishes the transport: it answers at once, empty.
      respond(req, res, 200, '', { 'Content-Type': 'application/octet-stream' });
    }
  }

  /** Client → server data on SSE and Long Polling. */
  async post(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const connection = this.#connectionOf(req, res, url);
    if (connection === undefined) return;
    if (connection.transport?.kind === 'WebSockets') {
      respond(req, res, 405, 'POST requests are not allowed for WebSocket connections.');
      return;
    }
    if (connection.state !== 'handshaking' && connection.state !== 'active') {
      respond(req, res, 404, 'No Connection with that ID');
      return;
    }
    let body: string;
    try {
      body = await readTextBody(req, this.#init.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      respond(req, res, 413, 'Payload Too Large', { Connection: 'close' });
      return;
    }
    connection.receive(body);
    respond(req, res, 200);
  }

  /** A Long Polling client stopping. */
  delete(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const connection = this.#connectionOf(req, res, url);
    if (connection === undefined) return;
    const transport = connection.transport;
    if (transport instanceof LongPollingTransport) {
      transport.delete(req, res);
    } else {
      respond(req, res, 400, 'Cannot terminate this connection using the DELETE endpoint.');
    }
  }

  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      return rejectUpgrade(socket, 400);
    }
    const token = url.searchParams.get('id');
    const connection = token ? this.#init.registry.byToken(token) : undefined;
    if (connection === undefined) return rejectUpgrade(socket, token ? 404 : 400);
    const transport = connection.transport;
    if (transport !== undefined) {
      return rejectUpgrade(socket, transport.kind === 'WebSockets' ? 409 : 400);
    }
    const auth = await this.#authenticateTransport(req, url, connection);
    if (!auth.ok) {
      const challenge = auth.status === 401 ? 'WWW-Authenticate: Bearer\r\n' : '';
      return rejectUpgrade(socket, auth.status, challenge);
    }
    if (socket.destroyed) {
      connection.cancelReservation();
      return;
    }
    this.#init.webSockets.handleUpgrade(req, socket, head, (webSocket: WebSocket) => {
      if (connection.state !== 'connecting') {
        webSocket.terminate();
        return;
      }
      connection.attachTransport(
        new WebSocketTransport(webSocket, socket, connection),
        auth.principal,
      );
    });
  }

  #connectionOf(req: IncomingMessage, res: ServerResponse, url: URL): Connection<P> | undefined {
    const token = url.searchParams.get('id');
    if (!token) {
      respond(req, res, 400, 'Connection ID required');
      return undefined;
    }
    const connection = this.#init.registry.byToken(token);
    if (connection === undefined) respond(req, res, 404, 'No Connection with that ID');
    return connection;
  }

  /**
   * Reserves the connection for this request's transport (a concurrent attempt gets
   * 409), then checks its token belongs to the user who negotiated. On success the
   * reservation stands, for the caller to attach the transport.
   */
  async #authenticateTransport(
    req: IncomingMessage,
    url: URL,
    connection: Connection<P>,
  ): Promise<Authentication<P>> {
    if (!connection.reserveTransport()) return { ok: false, status: 409 };
    let principal: P | null = null;
    try {
      principal = await this.#init.authenticate(req, url);
    } finally {
      if (principal === null || principal.userId !== connection.caller.principal.userId) {
        connection.cancelReservation();
      }
    }
    if (principal === null) return { ok: false, status: 401 };
    if (principal.userId !== connection.caller.principal.userId) return { ok: false, status: 403 };
    return { ok: true, principal };
  }
}
