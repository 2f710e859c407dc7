import { resolve } from 'node:path';
import type { HubEndpointOptions } from './signalr/index.ts';

/** What the dev backend needs to start (see main.ts for the environment variables). */
export interface BackendConfig {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly dataDir: string;
  readonly syncPhotosPerSecond: number;
  readonly accessTokenTtlSeconds: number;
  /**
   * How long past its expiry our hub still accepts a token (JwtBearer's ClockSkew; the
   * REST API allows none). Unset: the hub's default, JwtBearer's 5 minutes.
   */
  readonly hubClockSkewSeconds?: number;
  /**
   * `dev`: the dev tools of CONTRACT §6, the `Dev` password provider and the emulated
   * Google sign-in. `production`: none of them. Only PHOTOFLOW_MODE=dev turns them on.
   */
  readonly mode: BackendMode;
  /** Where absolute URLs (thumbnails) point; null: the origin the server listens on. */
  readonly publicOrigin?: string | null;
  /** Browser origins allowed to call (CORS, hub upgrades); null: any loopback origin. */
  readonly allowedOrigins?: readonly string[] | null;
  /** redirect_uris the emulated Google accepts; null: `/callback` on any loopback origin. */
  readonly oauthRedirectUris?: readonly string[] | null;
  /** How long after its rotation a spent refresh token is refused without revoking its family. */
  readonly refreshReuseGraceSeconds?: number;
  /** Failed sign-ins allowed per email and per client address within the window. */
  readonly signInLimits?: SignInLimits;
  /** Where request log lines go; null for none. */
  readonly log: ((line: string) => void) | null;
  /** Overrides of the hub's timings and logger (tests). */
  readonly hub?: Partial<Omit<HubEndpointOptions, 'path'>>;
  /** Token signing; defaults: the key kept in the database, the issuer and audience below. */
  readonly jwt?: JwtConfig;
  /** Set: hub events go to this ASP.NET Core hub (its publish endpoint) instead of our own hub. */
  readonly hubPublish?: HubPublishConfig | null;
}

export type BackendMode = 'dev' | 'production';

export const defaultRefreshReuseGraceSeconds = 0;

export interface SignInLimits {
  readonly failuresPerEmail: number;
  readonly failuresPerAddress: number;
  readonly windowSeconds: number;
}

export const defaultSignInLimits: SignInLimits = {
  failuresPerEmail: 5,
  failuresPerAddress: 30,
  windowSeconds: 15 * 60,
};

export interface JwtConfig {
  /** The HS256 key (base64url, ≥ 32 bytes) shared with another hub; null: the database's own. */
  readonly signingKey: string | null;
  readonly issuer: string;
  readonly audience: string;
}

export interface HubPublishConfig {
  /**
   * The ASP.NET Core hub's origins, e.g. `http://127.0.0.1:5090`: one, or each instance of a
   * scaled hub (HUB_PUBLISH_URL holds them comma-separated); any healthy one will do.
   */
  readonly urls: readonly string[];
  /** Shared key, sent as `X-Hub-Publish-Key`. */
  readonly key: string;
}

export const defaultJwtIssuer = 'photoflow-dev-backend';
export const defaultJwtAudience = 'photoflow';

export class ConfigError extends Error {}

/** Reads and checks the backend's environment variables, with clear errors. */
export function configFromEnvironment(
  env: NodeJS.ProcessEnv,
  defaultDataDir: string,
  cwd = process.cwd(),
): BackendConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!/^\s*\d+\s*$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
      return fallback;
    }
    return value;
  };
  const positive = (name: string, fallback: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0 || value > max) {
      problems.push(`${name} must be a number above 0 and at most ${max} (got "${raw}").`);
      return fallback;
    }
    return value;
  };
  const host = env['HOST']?.trim() || '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host))
    problems.push(`HOST is not a host name or address (got "${host}").`);
  const mode = modeSetting(env, problems);
  const jwt = jwtSettings(env, problems);
  const hubPublish = hubPublishSettings(env, problems);
  const config: BackendConfig = {
    host,
    port: integer('PORT', 5080, 0, 65535),
    dataDir: env['DATA_DIR']?.trim() ? resolve(cwd, env['DATA_DIR'].trim()) : defaultDataDir,
    syncPhotosPerSecond: positive('SYNC_PHOTOS_PER_SECOND', 150, 1_000_000),
    accessTokenTtlSeconds: integer('ACCESS_TOKEN_TTL_SECONDS', 3600, 1, 30 * 24 * 3600),
    // Same name, default and range as the ASP.NET Core hub's setting, so both can be equal.
    hubClockSkewSeconds: integer('JWT_CLOCK_SKEW_SECONDS', 300, 0, 3600),
    mode,
    publicOrigin: originSetting(env, 'PUBLIC_ORIGIN', problems),
    allowedOrigins: originListSetting(env, 'CORS_ORIGINS', problems),
    oauthRedirectUris: redirectUriSetting(env, problems),
    refreshReuseGraceSeconds: integer(
      'REFRESH_REUSE_GRACE_SECONDS',
      defaultRefreshReuseGraceSeconds,
      0,
      60,
    ),
    signInLimits: {
      failuresPerEmail: integer(
        'SIGN_IN_FAILURES_PER_EMAIL',
        defaultSignInLimits.failuresPerEmail,
        1,
        1_000_000,
      ),
      failuresPerAddress: integer(
        'SIGN_IN_FAILURES_PER_ADDRESS',
        defaultSignInLimits.failuresPerAddress,
        1,
        1_000_000,
      ),
      windowSeconds: integer(
        'SIGN_IN_FAILURE_WINDOW_SECONDS',
        defaultSignInLimits.windowSeconds,
        1,
        24 * 3600,
      ),
    },
    log: (line) => console.log(line),
    jwt,
    hubPublish,
  };
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return config;
}

const knownNodeEnvs = ['development', 'test', 'production'];

/**
 * PHOTOFLOW_MODE decides (`dev` or `production`, unset: production): the dev tools never
 * come on by accident. NODE_ENV is only checked: a value we do not know (a typo of
 * `production`) stops the start, and NODE_ENV=production contradicts PHOTOFLOW_MODE=dev.
 */
function modeSetting(env: NodeJS.ProcessEnv, problems: string[]): BackendMode {
  const raw = env['PHOTOFLOW_MODE']?.trim() ?? '';
  const nodeEnv = env['NODE_ENV']?.trim() ?? '';
  let mode: BackendMode = 'production';
  if (raw === 'dev' || raw === 'production') mode = raw;
  else if (raw !== '')
    problems.push(`PHOTOFLOW_MODE must be "dev" or "production" (got "${excerpt(raw)}").`);
  if (nodeEnv !== '' && !knownNodeEnvs.includes(nodeEnv)) {
    problems.push(
      `NODE_ENV must be unset or one of ${knownNodeEnvs.join(', ')} (got "${excerpt(nodeEnv)}"); the mode is PHOTOFLOW_MODE.`,
    );
  } else if (nodeEnv === 'production' && mode === 'dev') {
    problems.push('NODE_ENV=production contradicts PHOTOFLOW_MODE=dev: unset one of them.');
  }
  return mode;
}

const excerpt = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** An http(s) origin (scheme, host, port; no path), or a problem. */
function parseOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.pathname !== '/' || url.search || url.hash || url.username) return null;
    return url.origin;
  } catch {
    return null;
  }
}

function originSetting(env: NodeJS.ProcessEnv, name: string, problems: string[]): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  const origin = parseOrigin(raw);
  if (!origin)
    problems.push(
      `${name} must be an http(s) origin such as https://api.example.com (got "${excerpt(raw)}").`,
    );
  return origin;
}

function originListSetting(
  env: NodeJS.ProcessEnv,
  name: string,
  problems: string[],
): readonly string[] | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const origin = parseOrigin(item);
      if (!origin)
        problems.push(
          `${name} must list http(s) origins, comma-separated (got "${excerpt(item)}").`,
        );
      return origin ?? item;
    });
}

function redirectUriSetting(env: NodeJS.ProcessEnv, problems: string[]): readonly string[] | null {
  const raw = env['OAUTH_REDIRECT_URIS']?.trim();
  if (!raw) return null;
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      let url: URL | null = null;
      try {
        url = new URL(item);
      } catch {
        // Reported below.
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hash) {
        problems.push(
          `OAUTH_REDIRECT_URIS must list absolute http(s) URLs (got "${excerpt(item)}").`,
        );
        return item;
      }
      return url.toString();
    });
}

const base64url = /^[A-Za-z0-9_-]+$/;

function jwtSettings(env: NodeJS.ProcessEnv, problems: string[]): JwtConfig {
  const signingKey = env['JWT_SIGNING_KEY']?.trim() || null;
  if (signingKey !== null) {
    // HS256 keys under 256 bits are refused by ASP.NET Core's JwtBearer, which shares it.
    if (!base64url.test(signingKey)) problems.push('JWT_SIGNING_KEY must be base64url.');
    else if (Buffer.from(signingKey, 'base64url').length < 32)
      problems.push('JWT_SIGNING_KEY must hold at least 32 bytes (43 base64url characters).');
  }
  const name = (variable: string, fallback: string): string => {
    const value = env[variable]?.trim() || fallback;
    if (!/^[\x21-\x7e]{1,200}$/.test(value))
      problems.push(`${variable} must be 1 to 200 printable characters without spaces.`);
    return value;
  };
  return {
    signingKey,
    issuer: name('JWT_ISSUER', defaultJwtIssuer),
    audience: name('JWT_AUDIENCE', defaultJwtAudience),
  };
}

function hubPublishSettings(env: NodeJS.ProcessEnv, problems: string[]): HubPublishConfig | null {
  const rawUrl = env['HUB_PUBLISH_URL']?.trim() || '';
  const key = env['HUB_PUBLISH_KEY']?.trim() || '';
  if (!rawUrl) {
    if (key) problems.push('HUB_PUBLISH_KEY is set but HUB_PUBLISH_URL is not.');
    return null;
  }
  const urls = rawUrl.split(',').map((one) => {
    let url: URL | null = null;
    try {
      url = new URL(one.trim());
    } catch {
      // Reported below.
    }
    // The hub's publish endpoint answers loopback callers only.
    const loopback = url && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (!url || url.protocol !== 'http:' || !loopback || url.pathname.replace(/\/$/, '') !== '') {
      problems.push(
        `HUB_PUBLISH_URL must be the hub's loopback origin, e.g. http://127.0.0.1:5090, or several comma-separated (got "${one.trim()}").`,
      );
    }
    return url ? url.origin : one.trim();
  });
  if (key.length < 16) problems.push('HUB_PUBLISH_KEY must be set, at least 16 characters long.');
  return { urls, key };
}
