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
  /** The dev tools of CONTRACT §6 (off with NODE_ENV=production). */
  readonly devTools: boolean;
  /** Where request log lines go; null for none. */
  readonly log: ((line: string) => void) | null;
  /** Overrides of the hub's timings and logger (tests). */
  readonly hub?: Partial<Omit<HubEndpointOptions, 'path'>>;
}

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
  const nodeEnv = env['NODE_ENV']?.trim() || 'development';
  const config: BackendConfig = {
    host,
    port: integer('PORT', 5080, 0, 65535),
    dataDir: env['DATA_DIR']?.trim() ? resolve(cwd, env['DATA_DIR'].trim()) : defaultDataDir,
    syncPhotosPerSecond: positive('SYNC_PHOTOS_PER_SECOND', 150, 1_000_000),
    accessTokenTtlSeconds: integer('ACCESS_TOKEN_TTL_SECONDS', 3600, 1, 30 * 24 * 3600),
    devTools: nodeEnv !== 'production',
    log: (line) => console.log(line),
  };
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return config;
}
