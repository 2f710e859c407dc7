import type { ReconnectSettings } from './environment.model';

/**
 * Beats the documented sample (every 5 s, 5 times, then gives up): see README. The
 * fast phase tops out at 2 s (+25 % jitter, so at most 2.5 s): a tab is back within
 * about 3 s of the backend coming back.
 */
export const defaultReconnect: ReconnectSettings = {
  fastDelaysMs: [0, 1000, 1500, 2000],
  jitter: 0.25,
  fastPhaseMs: 60_000,
  maxDelayMs: 30_000,
};

export const googleAuthorizeUrl = 'https://accounts.google.com/o/oauth2/v2/auth';
export const googleScope = 'openid email profile';

/** One hub connection per browser, shared by its tabs (see README, "One connection per browser"). */
export const defaultShareHubAcrossTabs = true;

/**
 * Stateful reconnect for PhotoFlow's own servers (development, uat, production): off. Their
 * replay buffer and progress coalescing are unknown; with ASP.NET Core's default buffer and
 * no coalescing, a connection with it takes in ~330 events/s (the client acks once a second),
 * so a sync's burst leaves bars minutes behind, while a short cut without it costs a
 * reconnect and a re-fetch (about a second). See README, "Stateful reconnect".
 */
export const photoflowServersStatefulReconnect = false;
