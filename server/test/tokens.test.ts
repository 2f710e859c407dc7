/**
 * Issue 15, finding 4: `exp` required; refresh tokens rotate in families and a spent
 * one presented again revokes its family; logout revokes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SignJWT, decodeJwt } from 'jose';
import { defaultJwtAudience, defaultJwtIssuer } from '../src/config.ts';
import { AuthService, type UserRow } from '../src/photoflow/auth.ts';
import { openDatabase } from '../src/photoflow/database.ts';
import { call, login, startBackend, users, type TestBackend, type Tokens } from './helpers.ts';

const signingKey = Buffer.alloc(32, 9).toString('base64url');

const refresh = (url: string, refreshToken: string) =>
  call<Tokens>(url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken } });
const logout = (url: string, refreshToken: unknown) =>
  call(url, 'POST', '/api/v1/auth/logout', { body: { refreshToken } });

describe('tokens', () => {
  let backend: TestBackend;
  before(async () => {
    backend = await startBackend({
      config: {
        jwt: { signingKey, issuer: defaultJwtIssuer, audience: defaultJwtAudience },
        // No grace: any reuse revokes (the grace has its own test below).
        refreshReuseGraceSeconds: 0,
      },
    });
  });
  after(() => backend.close());

  it('refuses an access token without exp, on the API and the hub', async () => {
    const good = decodeJwt((await login(backend.url, users.an)).accessToken);
    const claims = { ...good };
    delete claims.exp;
    const forever = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(Buffer.from(signingKey, 'base64url'));
    assert.equal(decodeJwt(forever).exp, undefined);
    assert.equal(
      (await call(backend.url, 'GET', '/api/v1/albums', { token: forever })).status,
      401,
    );
    const negotiate = await call(
      backend.url,
      'POST',
      '/hubs/notification/negotiate?negotiateVersion=1',
      {
        token: forever,
      },
    );
    assert.equal(negotiate.status, 401);
  });

  it('a spent refresh token presented again revokes its whole family, and only it', async () => {
    const first = await login(backend.url, users.an);
    const other = await login(backend.url, users.an); // another sign-in: another family
    const second = await refresh(backend.url, first.refreshToken);
    assert.equal(second.status, 200);
    const third = await refresh(backend.url, second.body.refreshToken);
    assert.equal(third.status, 200);

    assert.equal((await refresh(backend.url, first.refreshToken)).status, 401, 'reuse refused');
    // The token the family had rotated into is revoked with it.
    assert.equal((await refresh(backend.url, third.body.refreshToken)).status, 401);
    assert.equal(
      (await refresh(backend.url, other.refreshToken)).status,
      200,
      'other family untouched',
    );
  });

  it('refreshes the newest token in turn without ever tripping reuse detection', async () => {
    let token = (await login(backend.url, users.chi)).refreshToken;
    for (let i = 0; i < 20; i++) {
      const next = await refresh(backend.url, token);
      assert.equal(next.status, 200, `refresh ${i}`);
      token = next.body.refreshToken;
    }
  });

  it('two refreshes of one token racing: one wins, then the family is revoked', async () => {
    const tokens = await login(backend.url, users.binh);
    const [a, b] = await Promise.all([
      refresh(backend.url, tokens.refreshToken),
      refresh(backend.url, tokens.refreshToken),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 401]);
    const winner = a.status === 200 ? a : b;
    assert.equal((await refresh(backend.url, winner.body.refreshToken)).status, 401);
  });

  it('a reuse that lands while the winner is still signing its answer revokes the token it rotated into', async () => {
    // The interleaving the racing test above can only hit by chance, made certain: the
    // second refresh runs while the first awaits its access token's signature.
    const dataDir = mkdtempSync(join(tmpdir(), 'photoflow-auth-'));
    const db = openDatabase(dataDir);
    try {
      db.prepare('INSERT INTO organizations (id, name) VALUES (?, ?)').run('org', 'Studio');
      db.prepare(
        "INSERT INTO users (id, organization_id, email, name, role, password_hash) VALUES ('u', 'org', 'u@example.com', 'U', 'photographer', '-')",
      ).run();
      const auth = new AuthService(db, 60, undefined, 0);
      const user = db.prepare("SELECT * FROM users WHERE id = 'u'").get() as unknown as UserRow;
      const session = await auth.issueFor(user);
      const first = auth.refresh(session.refreshToken);
      const reuse = auth.refresh(session.refreshToken);
      const [winner, refused] = await Promise.all([first, reuse]);
      assert.equal(refused, null);
      assert.ok(winner, 'the first refresh spent the token');
      assert.equal(await auth.refresh(winner.refreshToken), null, 'the family is revoked');
    } finally {
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('within the grace after its rotation, a spent token is refused alone (tabs racing)', async () => {
    const lenient = await startBackend({ config: { refreshReuseGraceSeconds: 5 } });
    try {
      const first = await login(lenient.url, users.an);
      const second = await refresh(lenient.url, first.refreshToken);
      assert.equal((await refresh(lenient.url, first.refreshToken)).status, 401);
      const third = await refresh(lenient.url, second.body.refreshToken);
      assert.equal(third.status, 200, 'the family lives on');
    } finally {
      await lenient.close();
    }
  });

  it('logout answers 204 and revokes the refresh token (its family)', async () => {
    const tokens = await login(backend.url, users.an);
    const rotated = await refresh(backend.url, tokens.refreshToken);
    assert.equal((await logout(backend.url, rotated.body.refreshToken)).status, 204);
    assert.equal((await refresh(backend.url, rotated.body.refreshToken)).status, 401);
    // Unknown or already revoked: nothing to tell, still 204.
    assert.equal((await logout(backend.url, rotated.body.refreshToken)).status, 204);
    assert.equal((await logout(backend.url, 'never-issued')).status, 204);
    assert.equal((await logout(backend.url, 42)).status, 400);
  });
});
