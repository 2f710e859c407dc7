import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer } from '../src/app.ts';
import { ConfigError, configFromEnvironment } from '../src/config.ts';
import { call, login, users } from './helpers.ts';

describe('configuration from the environment', () => {
  it('has the documented defaults', () => {
    const config = configFromEnvironment({}, '/default/data', '/repo');
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 5080);
    assert.equal(config.dataDir, '/default/data');
    assert.equal(config.syncPhotosPerSecond, 150);
    assert.equal(config.accessTokenTtlSeconds, 3600);
    assert.equal(config.hubClockSkewSeconds, 300, "JwtBearer's default ClockSkew");
    assert.equal(config.mode, 'production', 'dev mode is never on by default');
    assert.equal(config.publicOrigin, null);
    assert.equal(config.allowedOrigins, null);
    assert.equal(config.oauthRedirectUris, null);
  });

  it('reads every variable', () => {
    const config = configFromEnvironment(
      {
        PORT: '0',
        HOST: '0.0.0.0',
        DATA_DIR: 'tmp/data',
        SYNC_PHOTOS_PER_SECOND: '2.5',
        ACCESS_TOKEN_TTL_SECONDS: '60',
        JWT_CLOCK_SKEW_SECONDS: '0',
        NODE_ENV: 'production',
        PHOTOFLOW_MODE: 'production',
        PUBLIC_ORIGIN: 'https://api.example.com',
        CORS_ORIGINS: 'https://app.example.com, https://admin.example.com',
        OAUTH_REDIRECT_URIS: 'https://app.example.com/callback',
        REFRESH_REUSE_GRACE_SECONDS: '0',
        SIGN_IN_FAILURES_PER_EMAIL: '3',
        SIGN_IN_FAILURES_PER_ADDRESS: '9',
        SIGN_IN_FAILURE_WINDOW_SECONDS: '60',
      },
      '/default/data',
      '/repo',
    );
    assert.deepEqual(
      { ...config, log: undefined },
      {
        host: '0.0.0.0',
        port: 0,
        dataDir: '/repo/tmp/data',
        syncPhotosPerSecond: 2.5,
        accessTokenTtlSeconds: 60,
        hubClockSkewSeconds: 0,
        mode: 'production',
        publicOrigin: 'https://api.example.com',
        allowedOrigins: ['https://app.example.com', 'https://admin.example.com'],
        oauthRedirectUris: ['https://app.example.com/callback'],
        refreshReuseGraceSeconds: 0,
        signInLimits: { failuresPerEmail: 3, failuresPerAddress: 9, windowSeconds: 60 },
        log: undefined,
        jwt: { signingKey: null, issuer: 'photoflow-dev-backend', audience: 'photoflow' },
        hubPublish: null,
      },
    );
  });

  it('reads the token settings and the ASP.NET Core hub to publish to', () => {
    const key = Buffer.alloc(32, 7).toString('base64url');
    const config = configFromEnvironment(
      {
        JWT_SIGNING_KEY: key,
        JWT_ISSUER: 'issuer-1',
        JWT_AUDIENCE: 'audience-1',
        HUB_PUBLISH_URL: 'http://127.0.0.1:5090/',
        HUB_PUBLISH_KEY: 'a-key-of-16-chars',
      },
      '/d',
    );
    assert.deepEqual(config.jwt, { signingKey: key, issuer: 'issuer-1', audience: 'audience-1' });
    assert.deepEqual(config.hubPublish, {
      urls: ['http://127.0.0.1:5090'],
      key: 'a-key-of-16-chars',
    });
    const scaled = configFromEnvironment(
      {
        JWT_SIGNING_KEY: key,
        HUB_PUBLISH_URL: 'http://127.0.0.1:5091, http://127.0.0.1:5092/',
        HUB_PUBLISH_KEY: 'a-key-of-16-chars',
      },
      '/d',
    );
    assert.deepEqual(scaled.hubPublish?.urls, ['http://127.0.0.1:5091', 'http://127.0.0.1:5092']);
  });

  it('names what is wrong with the token and publish settings', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ JWT_SIGNING_KEY: 'c2hvcnQ' }, /JWT_SIGNING_KEY must hold at least 32 bytes/],
      [{ JWT_SIGNING_KEY: 'not base64url!' }, /JWT_SIGNING_KEY must be base64url/],
      [{ JWT_ISSUER: 'two words' }, /JWT_ISSUER must be 1 to 200 printable characters/],
      [
        { HUB_PUBLISH_KEY: 'a-key-of-16-chars' },
        /HUB_PUBLISH_KEY is set but HUB_PUBLISH_URL is not/,
      ],
      [{ HUB_PUBLISH_URL: 'http://127.0.0.1:5090' }, /HUB_PUBLISH_KEY must be set, at least 16/],
      [
        { HUB_PUBLISH_URL: 'http://hub.example:5090', HUB_PUBLISH_KEY: 'a-key-of-16-chars' },
        /HUB_PUBLISH_URL must be the hub's loopback origin/,
      ],
      [
        {
          HUB_PUBLISH_URL: 'http://127.0.0.1:5090,http://hub.example',
          HUB_PUBLISH_KEY: 'a-key-of-16-chars',
        },
        /HUB_PUBLISH_URL must be the hub's loopback origin.*got "http:\/\/hub.example"/,
      ],
      [
        { HUB_PUBLISH_URL: 'http://127.0.0.1:5090/internal', HUB_PUBLISH_KEY: 'a-key-of-16-chars' },
        /HUB_PUBLISH_URL must be the hub's loopback origin/,
      ],
      [{ HUB_PUBLISH_URL: 'nonsense', HUB_PUBLISH_KEY: 'a-key-of-16-chars' }, /got "nonsense"/],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => configFromEnvironment(env, '/d'),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
        `${JSON.stringify(env)} → ${message}`,
      );
    }
  });

  it('names every invalid variable at once', () => {
    assert.throws(
      () =>
        configFromEnvironment(
          {
            PORT: '70000',
            SYNC_PHOTOS_PER_SECOND: '0',
            ACCESS_TOKEN_TTL_SECONDS: 'soon',
            JWT_CLOCK_SKEW_SECONDS: '3601',
            HOST: 'a b',
          },
          '/d',
        ),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /PORT must be a whole number from 0 to 65535 \(got "70000"\)/);
        assert.match(error.message, /SYNC_PHOTOS_PER_SECOND must be a number above 0/);
        assert.match(error.message, /ACCESS_TOKEN_TTL_SECONDS must be a whole number from 1/);
        assert.match(
          error.message,
          /JWT_CLOCK_SKEW_SECONDS must be a whole number from 0 to 3600 \(got "3601"\)/,
        );
        assert.match(error.message, /HOST is not a host name/);
        return true;
      },
    );
  });

  it('JWT_CLOCK_SKEW_SECONDS reaches the hub: an expired token counts within the skew only', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'photoflow-config-'));
    const start = (skew: string) =>
      createServer({
        ...configFromEnvironment(
          {
            PORT: '0',
            ACCESS_TOKEN_TTL_SECONDS: '1',
            JWT_CLOCK_SKEW_SECONDS: skew,
            PHOTOFLOW_MODE: 'dev',
          },
          dataDir,
        ),
        log: null,
        hub: { logger: { debug: () => undefined, warn: () => undefined, error: () => undefined } },
      });
    const strict = await start('0');
    const lenient = await start('60');
    try {
      const token = (await login(strict.url, users.an)).accessToken;
      const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
      await sleep(exp * 1000 - Date.now() + 1100);
      const negotiate = (url: string) =>
        call(url, 'POST', '/hubs/notification/negotiate?negotiateVersion=1', { token });
      assert.equal((await negotiate(strict.url)).status, 401);
      assert.equal((await negotiate(lenient.url)).status, 200);
    } finally {
      await strict.close();
      await lenient.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
