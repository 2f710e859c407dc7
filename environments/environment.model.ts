/** One PhotoFlow environment (CONTRACT §1). Every file in this folder exports one. */
export type HubTransportName = 'WebSockets' | 'ServerSentEvents' | 'LongPolling';

export interface ReconnectSettings {
  /** Delays (ms) used for the first minute: retry at once, then short jittered delays. */
  readonly fastDelaysMs: readonly number[];
  /** Random jitter added to each delay, as a fraction of it (0.3 = up to +30 %). */
  readonly jitter: number;
  /** How long the fast phase lasts (ms) before backing off. */
  readonly fastPhaseMs: number;
  /** The longest delay (ms) once backing off, before jitter is added. */
  readonly maxDelayMs: number;
}

export interface PhotoFlowEnvironment {
  readonly name: 'local' | 'development' | 'uat' | 'production';
  /** Production builds ignore `?transport=` and hide developer hints. */
  readonly production: boolean;
  /** REST base, absolute or relative to the app's origin. */
  readonly apiBaseUrl: string;
  /** Hub address as documented (`wss://…`) or relative; mapped to http(s) before use. */
  readonly hubUrl: string;
  /** Force one hub transport; undefined lets the client walk WebSockets → SSE → Long Polling. */
  readonly hubTransport?: HubTransportName;
  readonly reconnect: ReconnectSettings;
  /**
   * One hub connection for every tab of the browser (Web Locks elect the tab that holds it;
   * the others get its events over a BroadcastChannel). Default true; false, or a browser
   * without Web Locks or BroadcastChannel, and each tab connects on its own.
   */
  readonly shareHubAcrossTabs?: boolean;
  /**
   * Whether the app asks the hub for stateful reconnect (a short cut replayed on the same
   * connection). It pays only where the hub's replay buffer and its sends keep up with the
   * official client's one-second acks (see README, "Stateful reconnect"): on for our hubs,
   * which coalesce progress; off for PhotoFlow's servers, whose buffer and coalescing are
   * unknown. Default: on.
   */
  readonly statefulReconnect?: boolean;
  readonly oauth: {
    /** Authorize endpoint: Google's, or the dev backend's emulation locally. */
    readonly authorizeUrl: string;
    /** The environment's Google OAuth client id. */
    readonly clientId: string;
    readonly scope: string;
  };
  /** Sign-in hint naming the dev users (local only). */
  readonly devUsersHint?: string;
}
