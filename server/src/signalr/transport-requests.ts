/**
 * The requests that carry a connection once negotiated, all addressed by its
 * connection token (`?id=`): the WebSocket upgrade, the SSE and Long Polling GETs,
 * the POSTs that carry client → server data on SSE and Long Polling, and the Long
 * Polling DELETE. As with `[Authorize]` on an ASP.NET Core hub, every one of them is
 * authenticated first (401 before anything else); a WebSocket only at its upgrade.
 * The connection keeps the user its first transport connected with: a later request
 * with another user's valid token is served, and logged (ASP.NET Core does the same).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { HubLogger, HubPrincipal } from './hub.ts';
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
  readonly logger: HubLogger;
}

export class TransportRequests<P extends HubPrincipal> {
  readonly #init: TransportRequestsInit<P>;

  constructor(init: TransportRequestsInit<P>) {
    this.#init = init;
  }

  /** SSE when the client accepts an event stream, otherwise a Long Polling poll. */
  async get(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const principal = await this.#init.authenticate(req, url);
    if (principal === null) return respondUnauthorized(req, res);
    const connection = this.#connectionOf(req, res, url);
    if (connection === undefined) return;
    const transport = connection.transport;
    if (transport instanceof LongPollingTransport) {
      this.#noteUser(connection, principal);
      transport.poll(req, res);
      return;
    }
    const wanted = acceptsEventStream(req) ? 'ServerSentEvents' : 'LongPolling';
    const kind = connection.transportKind;
    if (kind !== undefined && kind !== wanted) {
      return respond(req, res, 400, 'Cannot change transports mid-connection');
    }
    if (!connection.reserveTransport()) {
      return respond(req, res, connection.state === 'ended' ? 404 : 409);
    }
    if (res.destroyed) {
      connection.cancelReservation();
      return;
    }
    const owner = connection.newTransportOwner();
    if (wanted === 'ServerSentEvents') {
      connection.attachTransport(new ServerSentEventsTransport(req, res, owner), owner, principal);
    } else {
      const longPolling = new LongPollingTransport(owner, this.#init.longPolling);
      connection.attachTransport(longPolling, owner, principal);
      // The first poll only establishes the transport: it answers at once, empty.
      respond(req, res, 200, '', { 'Content-Type': 'application/octet-stream' });
    }
  }

  /** Client → server data on SSE and Long Polling. */
  async post(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const principal = await this.#init.authenticate(req, url);
    if (principal === null) return respondUnauthorized(req, res);
    const connection = this.#connectionOf(req, res, url);
    if (connection === undefined) return;
    if (connection.transportKind === 'WebSockets') {
      return respond(req, res, 405, 'POST requests are not allowed for WebSocket connections.');
    }
    if (connection.state !== 'handshaking' && connection.state !== 'active') {
      return respond(req, res, 404, 'No Connection with that ID');
    }
    let body: string;
    try {
      body = await readTextBody(req, this.#init.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return respond(req, res, 413, 'Payload Too Large', { Connection: 'close' });
    }
    connection.receive(body);
    respond(req, res, 200);
  }

  /** A Long Polling client stopping. */
  async delete(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const principal = await this.#init.authenticate(req, url);
    if (principal === null) return respondUnauthorized(req, res);
    const connection = this.#connectionOf(req, res, url);
    if (connection === undefined) return;
    const transport = connection.transport;
    if (transport instanceof LongPollingTransport) {
      transport.delete(req, res);
    } else {
      respond(req, res, 400, 'Cannot terminate this connection using the DELETE endpoint.');
    }
  }

  /**
   * A WebSocket: the connection's first transport, or (stateful reconnect) a new
   * socket for a connection whose old one was cut or is about to be replaced.
   */
  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      return rejectUpgrade(socket, 400);
    }
    const principal = await this.#init.authenticate(req, url);
    if (principal === null) return rejectUpgrade(socket, 401, 'WWW-Authenticate: Bearer\r\n');
    const token = url.searchParams.get('id');
    const connection = token ? this.#init.registry.byToken(token) : undefined;
    if (connection === undefined) return rejectUpgrade(socket, token ? 404 : 400);
    const kind = connection.transportKind;
    if (kind !== undefined && kind !== 'WebSockets') return rejectUpgrade(socket, 400);
    const resuming = connection.resumable;
    if (!resuming && !connection.reserveTransport()) {
      return rejectUpgrade(socket, connection.state === 'ended' ? 404 : 409);
    }
    if (socket.destroyed) {
      connection.cancelReservation();
      return;
    }
    if (resuming) this.#noteUser(connection, principal);
    this.#init.webSockets.handleUpgrade(req, socket, head, (webSocket: WebSocket) => {
      const owner = connection.newTransportOwner();
      if (resuming && connection.resumable) {
        connection.resumeOn(new WebSocketTransport(webSocket, socket, owner), owner);
      } else if (!resuming && connection.state === 'connecting') {
        connection.attachTransport(
          new WebSocketTransport(webSocket, socket, owner),
          owner,
          principal,
        );
      } else {
        webSocket.terminate();
      }
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

  #noteUser(connection: Connection<P>, principal: P): void {
    if (principal.userId !== connection.caller.principal.userId) {
      this.#init.logger.warn(
        `Connection ${connection.connectionId}: a request came with another user's token; the connection keeps its user.`,
      );
    }
  }
}
