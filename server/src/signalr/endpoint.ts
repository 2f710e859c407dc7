/**
 * createHubEndpoint: puts a hub behind the SignalR endpoints (negotiate, the three
 * transports), keeps its connections alive, and gives it groups.
 */
import type { IncomingMessage } from 'node:http';
import type {
  HubDefinition,
  HubEndpoint,
  HubEndpointOptions,
  HubLogger,
  HubPrincipal,
} from './hub.ts';
import { bearerToken } from './authentication.ts';
import type { Connection } from './connection.ts';
import { ConnectionRegistry } from './connection-registry.ts';
import { OutgoingPayload } from './framing/outgoing-payload.ts';
import { GroupRegistry } from './groups.ts';
import { answerPreflight, rejectUpgrade, respond } from './http.ts';
import { HubDispatcher } from './hub-dispatcher.ts';
import { writeInvocation } from './json-hub-protocol.ts';
import { consoleLogger, redactUrl } from './logging.ts';
import { handleNegotiate } from './negotiate.ts';
import { TransportRequests } from './transport-requests.ts';
import { createWebSocketServer } from './transports/websockets.ts';

/** ASP.NET Core's defaults (HubOptions, HttpConnectionDispatcherOptions, JwtBearer). */
const DEFAULTS = {
  keepAliveIntervalMs: 15_000,
  clientTimeoutMs: 30_000,
  handshakeTimeoutMs: 15_000,
  longPollTimeoutMs: 90_000,
  disconnectTimeoutMs: 15_000,
  maxReceiveMessageSize: 32 * 1024,
  clockSkewMs: 5 * 60_000,
  allowStatefulReconnects: false,
  statefulReconnectBufferSize: 100_000,
  // Not ASP.NET Core's (its senders wait instead, see README): our memory guards, and the
  // lag after which a member that does not keep up is cut (as PhotoFlow's hub does).
  maxTotalUnsentBytes: 64 * 1024 * 1024,
  maxMemberLagMs: 5_000,
  maxPendingConnectionsPerUser: 100,
};

export function createHubEndpoint<P extends HubPrincipal>(
  hub: HubDefinition<P>,
  options: HubEndpointOptions,
): HubEndpoint {
  const path = options.path.replace(/\/+$/, '');
  const negotiatePath = `${path}/negotiate`;
  const settings = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
    if (options[key] !== undefined) Object.assign(settings, { [key]: options[key] });
  }
  // A client batches what it has queued into one POST or frame: allow several records.
  const maxBatchBytes = Math.max(1024 * 1024, settings.maxReceiveMessageSize * 4);
  const logger: HubLogger = options.logger ?? consoleLogger;
  const groups = new GroupRegistry<Connection<P>>();
  const webSockets = createWebSocketServer(maxBatchBytes);

  const registry = new ConnectionRegistry<P>(
    { dispatcher: new HubDispatcher(hub, logger), settings, logger },
    {
      connected(connection) {
        callHook('onConnected', connection, () => hub.onConnected?.(connection.caller));
      },
      disconnected(connection) {
        groups.removeMember(connection);
        callHook('onDisconnected', connection, () => hub.onDisconnected?.(connection.caller));
      },
    },
  );

  /** A hook that fails is logged; one failing in onConnected closes its connection. */
  function callHook(name: string, connection: Connection<P>, hook: () => unknown): void {
    const failed = (error: unknown) => {
      logger.error(`Hub ${name} failed for connection ${connection.connectionId}.`, error);
      if (name === 'onConnected') connection.close('Connection closed with an error.');
    };
    try {
      const result = hook();
      if (result instanceof Promise) result.catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  const authenticateOptions = { clockSkewMs: settings.clockSkewMs };
  async function authenticate(req: IncomingMessage, url: URL): Promise<P | null> {
    return (await hub.authenticate(bearerToken(req, url), authenticateOptions)) ?? null;
  }

  const transportRequests = new TransportRequests<P>({
    registry,
    authenticate,
    webSockets,
    longPolling: settings,
    maxBodyBytes: maxBatchBytes,
    logger,
  });

  // Keep-alive pings, acks, timeouts and reaping, checked a few times per interval
  // (ASP.NET Core checks once a second).
  const shortestInterval = Math.min(
    settings.keepAliveIntervalMs,
    settings.clientTimeoutMs,
    settings.handshakeTimeoutMs,
    settings.disconnectTimeoutMs,
  );
  const ticker = setInterval(
    () => {
      const now = Date.now();
      for (const connection of registry.all()) connection.tick(now);
      // (Connection.tick cuts a member that has fallen behind for maxMemberLagMs.)
      enforceUnsentBudget();
    },
    Math.min(1000, Math.max(5, shortestInterval / 5)),
  );
  ticker.unref();

  /**
   * Per connection, output is capped at 16 MiB; many slow readers together could still
   * hold gigabytes. Over the budget, the connections holding the most unsent output (the
   * slowest readers) are cut until the rest fits.
   */
  function enforceUnsentBudget(): void {
    const holding = registry
      .all()
      .map((connection) => ({ connection, bytes: connection.unsentBytes }))
      .filter(({ bytes }) => bytes > 0);
    let total = holding.reduce((sum, { bytes }) => sum + bytes, 0);
    if (total <= settings.maxTotalUnsentBytes) return;
    holding.sort((a, b) => b.bytes - a.bytes);
    for (const { connection, bytes } of holding) {
      if (total <= settings.maxTotalUnsentBytes) break;
      logger.warn(
        `Connection ${connection.connectionId} cut: ${bytes} bytes unsent, over the hub's budget of ${settings.maxTotalUnsentBytes}.`,
      );
      connection.abort();
      total -= bytes;
    }
  }

  function logFailure(req: IncomingMessage, error: unknown): void {
    logger.error(`Hub request ${req.method ?? ''} ${redactUrl(req.url)} failed.`, error);
  }

  function each(action: (connection: Connection<P>) => void): void {
    for (const connection of registry.all()) action(connection);
  }

  return {
    handleRequest(req, res) {
      const url = requestUrl(req);
      if (url?.pathname !== path && url?.pathname !== negotiatePath) return false;
      let handling: Promise<void> | undefined;
      if (req.method === 'OPTIONS') {
        answerPreflight(req, res);
      } else if (url.pathname === negotiatePath) {
        handling = handleNegotiate(
          req,
          res,
          url,
          settings,
          () => authenticate(req, url),
          (principal, options) => registry.create(principal, options),
          (principal) =>
            registry.pendingCount(principal.userId) >= settings.maxPendingConnectionsPerUser,
        );
      } else if (req.method === 'GET') {
        handling = transportRequests.get(req, res, url);
      } else if (req.method === 'POST') {
        handling = transportRequests.post(req, res, url);
      } else if (req.method === 'DELETE') {
        handling = transportRequests.delete(req, res, url);
      } else {
        respond(req, res, 405, '', { Allow: 'GET, POST, DELETE, OPTIONS' });
      }
      handling?.catch((error: unknown) => {
        logFailure(req, error);
        if (!res.headersSent) respond(req, res, 500);
        else res.destroy();
      });
      return true;
    },

    handleUpgrade(req, socket, head) {
      const url = requestUrl(req);
      if (url?.pathname !== path) return false;
      transportRequests.upgrade(req, socket, head, url).catch((error: unknown) => {
        logFailure(req, error);
        rejectUpgrade(socket, 500);
      });
      return true;
    },

    addToGroup(connectionId, group) {
      const connection = registry.live(connectionId);
      if (connection !== undefined) groups.add(connection, group);
    },

    removeFromGroup(connectionId, group) {
      const connection = registry.live(connectionId);
      if (connection !== undefined) groups.remove(connection, group);
    },

    sendToGroup(group, target, args) {
      const members = groups.members(group);
      if (members.size === 0) return;
      // Serialized once here; each transport encodes it once (see OutgoingPayload).
      const payload = new OutgoingPayload(writeInvocation(target, args), true);
      for (const connection of members) connection.send(payload);
    },

    closeAll(allowReconnect, error) {
      each((connection) => connection.close(error, allowReconnect));
    },

    disconnectAll() {
      each((connection) => connection.cut());
    },

    connectionCount() {
      return registry.liveCount;
    },

    groupSize(group) {
      return groups.size(group);
    },

    groupSizes() {
      return groups.sizes();
    },

    dispose() {
      clearInterval(ticker);
      each((connection) => connection.abort());
      registry.clear();
      webSockets.close();
    },
  };
}

function requestUrl(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return undefined;
  }
}
