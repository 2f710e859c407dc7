/**
 * The clocks of one connection, as ASP.NET Core keeps them (HubConnectionContext,
 * HttpConnectionManager): a ping every keep-alive interval however busy the
 * connection is; the client timeout, counted from the last complete message once the
 * client has sent its first ping; the handshake timeout; and how long a connection
 * without a transport is kept.
 */
export interface KeepAliveSettings {
  readonly keepAliveIntervalMs: number;
  readonly clientTimeoutMs: number;
  readonly handshakeTimeoutMs: number;
  readonly disconnectTimeoutMs: number;
}

export class KeepAlive {
  readonly #settings: KeepAliveSettings;
  #lastPingSentAt = 0;
  #lastMessageAt = 0;
  #clientTimeoutStarted = false;
  /** When the connection last lost (or never had) its transport; undefined while it has one. */
  #detachedAt: number | undefined = Date.now();
  #handshakeStartedAt: number | undefined;

  constructor(settings: KeepAliveSettings) {
    this.#settings = settings;
  }

  transportAttached(now = Date.now()): void {
    this.#detachedAt = undefined;
    this.#handshakeStartedAt ??= now;
  }

  transportLost(now = Date.now()): void {
    this.#detachedAt = now;
  }

  handshakeDone(now = Date.now()): void {
    this.#lastPingSentAt = now;
    this.#lastMessageAt = now;
  }

  messageReceived(isPing: boolean, now = Date.now()): void {
    this.#lastMessageAt = now;
    if (isPing) this.#clientTimeoutStarted = true;
  }

  /** A transport that has not come (back) within the disconnect timeout. */
  disconnectTimedOut(now: number): boolean {
    return (
      this.#detachedAt !== undefined && now - this.#detachedAt > this.#settings.disconnectTimeoutMs
    );
  }

  handshakeTimedOut(now: number): boolean {
    return (
      this.#handshakeStartedAt !== undefined &&
      now - this.#handshakeStartedAt >= this.#settings.handshakeTimeoutMs
    );
  }

  clientTimedOut(now: number): boolean {
    return (
      this.#clientTimeoutStarted && now - this.#lastMessageAt >= this.#settings.clientTimeoutMs
    );
  }

  /** True when a ping is due; counts it as sent. */
  takePing(now: number): boolean {
    if (now - this.#lastPingSentAt < this.#settings.keepAliveIntervalMs) return false;
    this.#lastPingSentAt = now;
    return true;
  }
}
