import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { call, login, seedUsers, startBackend, users, type TestBackend } from './helpers.ts';

const redirectUri = 'http://localhost:4200/callback';

/** Walks the emulated Google: the page, then its form post; returns the redirect. */
async function authorize(url: string, email: string, password: string, state = 'state-123') {
  const page = await fetch(
    `${url}/dev/oauth/authorize?redirect_uri=${encodeURIComponent(redirectUri)}&state=${state}`,
  );
  assert.equal(page.status, 200);
  const html = await page.text();
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(
      match[1]!,
      match[2]!.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))),
    );
  }
  form.set('email', email);
  form.set('password', password);
  return fetch(`${url}/dev/oauth/authorize`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
}

describe('sign-in (CONTRACT §2)', () => {
  let backend: TestBackend;
  before(async () => {
    backend = await startBackend({ accessTokenTtlSeconds: 1234 });
  });
  after(() => backend.close());

  it('serves a sign-in page with labelled Email and Password fields and a Sign in button', async () => {
    const response = await fetch(
      `${backend.url}/dev/oauth/authorize?redirect_uri=${encodeURIComponent(redirectUri)}&state=abc`,
    );
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const html = await response.text();
    assert.match(html, /<label for="email">Email<\/label>/);
    assert.match(html, /<input id="email" name="email"/);
    assert.match(html, /<label for="password">Password<\/label>/);
    assert.match(html, /<input id="password" name="password" type="password"/);
    assert.match(html, /<button type="submit">Sign in<\/button>/);
  });

  it('escapes every reflected value on the page', async () => {
    const evil = '"><script>alert(1)</script>';
    const response = await fetch(
      `${backend.url}/dev/oauth/authorize?redirect_uri=${encodeURIComponent(redirectUri)}&state=${encodeURIComponent(evil)}`,
    );
    const html = await response.text();
    assert.equal(html.includes('<script>'), false);
    assert.match(html, /&#34;&#62;&#60;script&#62;/);
  });

  it('refuses a redirect_uri that is not http(s)', async () => {
    const response = await fetch(
      `${backend.url}/dev/oauth/authorize?redirect_uri=javascript:alert(1)&state=x`,
    );
    assert.equal(response.status, 400);
    assert.equal((await response.text()).includes('<form'), false);
  });

  it('redirects with a one-time code and the state; the code signs in once', async () => {
    const response = await authorize(backend.url, users.chi, 'photoflow', 'xyz');
    assert.equal(response.status, 303);
    const location = new URL(response.headers.get('location') ?? '');
    assert.equal(`${location.origin}${location.pathname}`, redirectUri);
    assert.equal(location.searchParams.get('state'), 'xyz');
    const code = location.searchParams.get('code');
    assert.ok(code && code.length >= 32);

    const first = await call(backend.url, 'POST', '/api/v1/auth/login', {
      body: { provider: 'Google', code, redirectUri },
    });
    assert.equal(first.status, 200);
    assert.equal(first.body.expiresIn, 1234);
    const claims = decodeJwt(first.body.accessToken);
    assert.equal(decodeProtectedHeader(first.body.accessToken).alg, 'HS256');
    assert.equal(claims.sub, seedUsers.chi.id);
    assert.equal(claims['email'], users.chi);
    assert.equal(claims['name'], seedUsers.chi.name);
    assert.equal(claims['role'], 'photographer');
    assert.equal(claims['org_id'], seedUsers.chi.organizationId);
    assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 1234);

    const again = await call(backend.url, 'POST', '/api/v1/auth/login', {
      body: { provider: 'Google', code, redirectUri },
    });
    assert.equal(again.status, 401);
    assert.equal(again.body.code, 'UNAUTHORIZED');
  });

  it('refuses a code presented with another redirect URI', async () => {
    const response = await authorize(backend.url, users.an, 'photoflow');
    const code = new URL(response.headers.get('location') ?? '').searchParams.get('code');
    const wrong = await call(backend.url, 'POST', '/api/v1/auth/login', {
      body: { provider: 'Google', code, redirectUri: 'http://evil.test/callback' },
    });
    assert.equal(wrong.status, 401);
  });

  it('shows the page again with an error on wrong credentials, and no code', async () => {
    const response = await authorize(backend.url, users.an, 'wrong-password');
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('location'), null);
    const html = await response.text();
    assert.match(html, /role="alert"[^>]*>Wrong email or password/);
    assert.match(html, /value="an@photoflow.test"/);
  });

  it('refuses an unknown code', async () => {
    const response = await call(backend.url, 'POST', '/api/v1/auth/login', {
      body: { provider: 'Google', code: 'not-a-code', redirectUri },
    });
    assert.equal(response.status, 401);
  });

  it('signs in with the Dev provider and refuses wrong credentials', async () => {
    const tokens = await login(backend.url, users.binh);
    assert.equal(decodeJwt(tokens.accessToken)['role'], 'org_admin');
    for (const body of [
      { provider: 'Dev', email: users.binh, password: 'nope' },
      { provider: 'Dev', email: 'nobody@photoflow.test', password: 'photoflow' },
    ]) {
      const response = await call(backend.url, 'POST', '/api/v1/auth/login', { body });
      assert.equal(response.status, 401);
      assert.deepEqual(Object.keys(response.body).sort(), ['code', 'detail', 'status', 'title']);
    }
  });

  it('answers 400 to malformed login bodies', async () => {
    for (const options of [
      { rawBody: '{not json' },
      { body: { provider: 'Facebook', code: 'x' } },
      { body: { provider: 'Dev', email: 42, password: 'x' } },
      { body: { provider: 'Google' } },
      {},
    ]) {
      const response = await call(backend.url, 'POST', '/api/v1/auth/login', options);
      assert.equal(response.status, 400, JSON.stringify(options));
      assert.equal(response.body.status, 400);
      assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
    }
  });

  it('refresh tokens are single-use and give working tokens', async () => {
    const tokens = await login(backend.url, users.an);
    const refreshed = await call(backend.url, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: tokens.refreshToken },
    });
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.body.refreshToken, tokens.refreshToken);
    const albums = await call(backend.url, 'GET', '/api/v1/albums', {
      token: refreshed.body.accessToken,
    });
    assert.equal(albums.status, 200);

    const reused = await call(backend.url, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: tokens.refreshToken },
    });
    assert.equal(reused.status, 401);
    const unknown = await call(backend.url, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: 'unknown' },
    });
    assert.equal(unknown.status, 401);
    const malformed = await call(backend.url, 'POST', '/api/v1/auth/refresh', { body: {} });
    assert.equal(malformed.status, 400);
  });

  it('answers 401 to a missing, forged or expired access token', async () => {
    const tokens = await login(backend.url, users.an);
    const [header, payload] = tokens.accessToken.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({
        ...decodeJwt(tokens.accessToken),
        role: 'org_admin',
        org_id: seedUsers.binh.organizationId,
      }),
    ).toString('base64url');
    for (const token of [
      undefined,
      'garbage',
      `${header}.${forgedPayload}.${tokens.accessToken.split('.')[2]}`,
      `${header}.${payload}.`,
    ]) {
      const response = await call(backend.url, 'GET', '/api/v1/albums', { token });
      assert.equal(response.status, 401);
      assert.equal(response.body.code, 'UNAUTHORIZED');
    }
    const shortLived = await startBackend({ accessTokenTtlSeconds: 1 });
    try {
      const brief = await login(shortLived.url, users.an);
      assert.equal(
        (await call(shortLived.url, 'GET', '/api/v1/albums', { token: brief.accessToken })).status,
        200,
      );
      await new Promise((resolve) => setTimeout(resolve, 2100));
      assert.equal(
        (await call(shortLived.url, 'GET', '/api/v1/albums', { token: brief.accessToken })).status,
        401,
      );
    } finally {
      await shortLived.close();
    }
  });

  it('never writes tokens or codes to the request log', async () => {
    const lines: string[] = [];
    const logged = await startBackend({ log: (line) => lines.push(line) });
    try {
      const tokens = await login(logged.url, users.an);
      await fetch(`${logged.url}/api/v1/albums?access_token=${tokens.accessToken}`);
      await fetch(`${logged.url}/api/v1/albums?code=secret-code&page=1`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const log = lines.join('\n');
      assert.match(log, /GET \/api\/v1\/albums\?access_token=\[redacted\] 401/);
      assert.match(log, /code=\[redacted\]&page=1/);
      assert.equal(log.includes(tokens.accessToken), false);
      assert.equal(log.includes(tokens.refreshToken), false);
      assert.equal(log.includes('secret-code'), false);
    } finally {
      await logged.close();
    }
  });
});
