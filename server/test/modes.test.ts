/**
 * Issue 15, findings 1 and 2: dev mode only when asked for by name; production mode
 * serves no dev tools, no Dev provider and no emulated Google; the emulated Google
 * redirects only to registered URIs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigError, configFromEnvironment } from '../src/config.ts';
import {
  call,
  devPassword,
  login,
  startBackend,
  startBackendProcess,
  users,
  type TestBackend,
} from './helpers.ts';

const devOnlyRoutes: readonly [string, string][] = [
  ['POST', '/api/dev/reset'],
  ['POST', '/api/dev/hub/disconnect-all'],
  ['POST', '/api/dev/hub/emit'],
  ['GET', '/api/dev/drive/folders'],
  ['POST', '/api/dev/albums/archive'],
  ['GET', '/dev/oauth/authorize?redirect_uri=http%3A%2F%2Flocalhost%3A4200%2Fcallback&state=s'],
  ['POST', '/dev/oauth/authorize'],
];

describe('modes', () => {
  it('production is the default; only PHOTOFLOW_MODE=dev turns dev mode on', () => {
    assert.equal(configFromEnvironment({}, '/d').mode, 'production');
    assert.equal(configFromEnvironment({ NODE_ENV: 'development' }, '/d').mode, 'production');
    assert.equal(configFromEnvironment({ PHOTOFLOW_MODE: 'dev' }, '/d').mode, 'dev');
    assert.equal(
      configFromEnvironment({ PHOTOFLOW_MODE: 'dev', NODE_ENV: 'development' }, '/d').mode,
      'dev',
    );
  });

  it('an unknown NODE_ENV or mode, or a contradiction, stops the start with a clear error', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [
        { NODE_ENV: 'Production' },
        /NODE_ENV must be unset or one of development, test, production \(got "Production"\)/,
      ],
      [{ NODE_ENV: 'prod' }, /NODE_ENV must be unset or one of/],
      [
        { PHOTOFLOW_MODE: 'development' },
        /PHOTOFLOW_MODE must be "dev" or "production" \(got "development"\)/,
      ],
      [
        { PHOTOFLOW_MODE: 'dev', NODE_ENV: 'production' },
        /NODE_ENV=production contradicts PHOTOFLOW_MODE=dev/,
      ],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => configFromEnvironment(env, '/d'),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
        `${JSON.stringify(env)} → ${message}`,
      );
    }
  });

  it('the process refuses to start with a misspelled NODE_ENV', async () => {
    await assert.rejects(
      // Should it start after all, it is stopped: the failure is the assertion's, not a hang.
      startBackendProcess({
        env: { NODE_ENV: 'Production', PHOTOFLOW_MODE: '' },
        startTimeoutMs: 10_000,
      }).then(async (started) => {
        await started.close();
        return started;
      }),
      /NODE_ENV must be unset or one of development, test, production \(got "Production"\)/,
    );
  });

  describe('production mode', () => {
    let backend: TestBackend;
    before(async () => {
      backend = await startBackend({ devTools: false });
    });
    after(() => backend.close());

    it('serves none of the dev routes, the emulated Google included', async () => {
      for (const [method, path] of devOnlyRoutes) {
        const response = await call(
          backend.url,
          method,
          path,
          method === 'POST' ? { body: {} } : {},
        );
        assert.equal(response.status, 404, `${method} ${path}`);
      }
    });

    it('refuses the Dev password provider, even with the right password', async () => {
      const response = await call(backend.url, 'POST', '/api/v1/auth/login', {
        body: { provider: 'Dev', email: users.an, password: devPassword },
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.accessToken, undefined);
    });

    it('still serves the API and health', async () => {
      assert.equal((await call(backend.url, 'GET', '/health')).status, 200);
      assert.equal((await call(backend.url, 'GET', '/api/v1/albums')).status, 401);
    });
  });

  describe('dev mode', () => {
    let backend: TestBackend;
    before(async () => {
      backend = await startBackend();
    });
    after(() => backend.close());

    it('serves the dev tools and the Dev provider', async () => {
      assert.equal((await call(backend.url, 'GET', '/api/dev/drive/folders')).status, 200);
      assert.ok((await login(backend.url, users.an)).accessToken);
    });
  });
});

describe('the emulated Google (dev mode)', () => {
  let backend: TestBackend;
  before(async () => {
    backend = await startBackend();
  });
  after(() => backend.close());

  const signIn = (redirectUri: string) =>
    fetch(`${backend.url}/dev/oauth/authorize`, {
      method: 'POST',
      body: new URLSearchParams({
        redirect_uri: redirectUri,
        state: 's',
        email: users.an,
        password: devPassword,
      }),
      redirect: 'manual',
    });

  it('refuses a redirect_uri that is not registered: 400, no redirect, no code', async () => {
    for (const foreign of [
      'https://evil.example/cb',
      'http://evil.example:4200/callback',
      'http://localhost:4200/elsewhere',
      'http://localhost:4200/callback?next=https://evil.example',
      'http://127.0.0.1.evil.example/callback',
    ]) {
      const page = await fetch(
        `${backend.url}/dev/oauth/authorize?redirect_uri=${encodeURIComponent(foreign)}&state=s`,
        { redirect: 'manual' },
      );
      assert.equal(page.status, 400, `GET with ${foreign}`);
      assert.equal(page.headers.get('location'), null);
      assert.doesNotMatch(await page.text(), /<form/);
      const posted = await signIn(foreign);
      assert.equal(posted.status, 400, `POST with ${foreign}`);
      assert.equal(posted.headers.get('location'), null);
    }
  });

  it('redirects to /callback on any loopback port by default, with a code bound to it, used once', async () => {
    const redirectUri = 'http://127.0.0.1:61234/callback';
    const answer = await signIn(redirectUri);
    assert.equal(answer.status, 303);
    const location = new URL(answer.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, redirectUri);
    const code = location.searchParams.get('code')!;
    const exchange = (uri: string) =>
      call(backend.url, 'POST', '/api/v1/auth/login', {
        body: { provider: 'Google', code, redirectUri: uri },
      });
    // Bound to its redirect_uri: another one spends it for nothing.
    assert.equal((await exchange('http://127.0.0.1:61235/callback')).status, 401);
    assert.equal((await exchange(redirectUri)).status, 401, 'spent by the failed exchange');

    const second = new URL((await signIn(redirectUri)).headers.get('location')!).searchParams.get(
      'code',
    )!;
    const ok = await call(backend.url, 'POST', '/api/v1/auth/login', {
      body: { provider: 'Google', code: second, redirectUri },
    });
    assert.equal(ok.status, 200);
    const again = await call(backend.url, 'POST', '/api/v1/auth/login', {
      body: { provider: 'Google', code: second, redirectUri },
    });
    assert.equal(again.status, 401, 'single use');
  });

  it('OAUTH_REDIRECT_URIS replaces the default: exactly those URIs', async () => {
    const registered = await startBackend({
      config: { oauthRedirectUris: ['https://app.example.com/callback'] },
    });
    try {
      const post = (redirectUri: string) =>
        fetch(`${registered.url}/dev/oauth/authorize`, {
          method: 'POST',
          body: new URLSearchParams({
            redirect_uri: redirectUri,
            state: 's',
            email: users.an,
            password: devPassword,
          }),
          redirect: 'manual',
        });
      assert.equal((await post('https://app.example.com/callback')).status, 303);
      assert.equal((await post('http://localhost:4200/callback')).status, 400);
      assert.equal((await post('https://app.example.com/callback/')).status, 400);
    } finally {
      await registered.close();
    }
  });
});
