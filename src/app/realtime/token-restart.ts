/** When the token a connection negotiated with expires, and how early the session renews it. */
export interface NegotiatedToken {
  readonly expiresAt: number;
  readonly refreshAheadMs: number;
}

/**
 * SSE and Long Polling requests carry the negotiate's token, and the server checks it on
 * every one: after it expires, polls and sends fail. So such a connection is restarted (a
 * new negotiate, with the token renewed meanwhile) halfway through the renewal margin,
 * once the refresh has run; the restart is announced like any reconnect, so the stores
 * re-fetch. A WebSocket is checked at the upgrade only and stays.
 */
export class TokenRestart {
  private token: NegotiatedToken | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly restart: () => void) {}

  /** The token the next (or current) connection negotiated with. */
  negotiated(token: NegotiatedToken | null): void {
    this.token = token;
  }

  /** Connected: restart before the token expires, unless over WebSockets. */
  schedule(usesWebSockets: boolean): void {
    this.clear();
    const token = this.token;
    if (!token || usesWebSockets) return;
    const untilExpiry = token.expiresAt - Date.now();
    // Already inside the margin (renewal failing): keep it until it expires, not in a loop.
    const ahead = token.refreshAheadMs / 2;
    const delay = untilExpiry > ahead ? untilExpiry - ahead : Math.max(0, untilExpiry);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.restart();
    }, delay);
  }

  clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
