import type { ReconnectSettings } from './environment.model';

/** Beats the documented sample (every 5 s, 5 times, then gives up): see README. */
export const defaultReconnect: ReconnectSettings = {
  fastDelaysMs: [0, 1000, 2000, 2000, 3000],
  jitter: 0.3,
  fastPhaseMs: 60_000,
  maxDelayMs: 30_000,
};

export const googleAuthorizeUrl = 'https://accounts.google.com/o/oauth2/v2/auth';
export const googleScope = 'openid email profile';
