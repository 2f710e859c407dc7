import type { IncomingMessage } from 'node:http';
import { readBody, readForm } from '../../http/body.ts';
import { isRegisteredRedirectUri } from '../../http/origins.ts';
import { badRequest, unauthorized } from '../../http/problem.ts';
import { redirect, sendHtml, sendJson, sendNoContent } from '../../http/respond.ts';
import type { Router } from '../../http/router.ts';
import { signInPage } from '../oauth-page.ts';
import { TooManyAttemptsError } from '../sign-in-limiter.ts';
import type { PhotoFlow } from './context.ts';
import { loginBody, refreshBody } from './schemas.ts';

/** The caller's address as this server sees it (X-Forwarded-For is anyone's to forge). */
const clientAddress = (req: IncomingMessage): string => req.socket.remoteAddress ?? 'unknown';

/**
 * Sign-in (CONTRACT §2): the API, and in dev mode the `Dev` provider and the emulated
 * Google authorize page.
 */
export function addAuthRoutes(router: Router, photoflow: PhotoFlow): void {
  const devMode = photoflow.devTools;
  const { signInLimiter } = photoflow;

  /** Checks a password under the failed sign-in limits (429 once over them). */
  const checkPassword = async (req: IncomingMessage, email: string, password: string) => {
    const address = clientAddress(req);
    signInLimiter.check(email, address);
    const user = await photoflow.auth.checkPassword(email, password);
    if (!user) signInLimiter.failed(email, address);
    return user;
  };

  router.post('/api/v1/auth/login', async ({ req, res }) => {
    const body = await readBody(req, loginBody);
    if (body.provider === 'Dev') {
      if (!devMode) throw badRequest('provider must be "Google" (the Dev provider is off).');
      const user = await checkPassword(req, body.email, body.password);
      if (!user) throw unauthorized('Wrong email or password.');
      sendJson(res, 200, await photoflow.auth.issueFor(user));
      return;
    }
    const tokens = await photoflow.auth.loginWithCode(body.code, body.redirectUri);
    if (!tokens) {
      throw unauthorized(
        'The authorization code is invalid, expired, already used or for another redirect URI.',
      );
    }
    sendJson(res, 200, tokens);
  });

  router.post('/api/v1/auth/refresh', async ({ req, res }) => {
    const body = await readBody(req, refreshBody);
    const tokens = await photoflow.auth.refresh(body.refreshToken);
    if (!tokens) throw unauthorized('The refresh token is invalid, expired or already used.');
    sendJson(res, 200, tokens);
  });

  // Sign-out: 204 whatever the token (an unknown or spent one has nothing left to revoke).
  router.post('/api/v1/auth/logout', async ({ req, res }) => {
    const body = await readBody(req, refreshBody);
    photoflow.auth.revoke(body.refreshToken);
    sendNoContent(res);
  });

  if (!devMode) return;

  const unregistered = 'redirect_uri is not registered for this client.';

  router.get('/dev/oauth/authorize', ({ res, url }) => {
    const redirectUri = url.searchParams.get('redirect_uri');
    const state = url.searchParams.get('state') ?? '';
    // As Google does: an unregistered redirect_uri gets an error page, never a redirect.
    if (!isRegisteredRedirectUri(redirectUri, photoflow.oauthRedirectUris)) {
      sendHtml(res, 400, signInPage({ redirectUri: '', state, error: unregistered, fatal: true }));
      return;
    }
    sendHtml(res, 200, signInPage({ redirectUri, state }));
  });

  router.post('/dev/oauth/authorize', async ({ req, res }) => {
    const form = await readForm(req);
    const redirectUri = form.get('redirect_uri');
    const state = form.get('state') ?? '';
    const email = form.get('email') ?? '';
    if (!isRegisteredRedirectUri(redirectUri, photoflow.oauthRedirectUris)) {
      throw badRequest(unregistered);
    }
    let user;
    try {
      user = await checkPassword(req, email, form.get('password') ?? '');
    } catch (error) {
      if (!(error instanceof TooManyAttemptsError)) throw error;
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
      sendHtml(res, 429, signInPage({ redirectUri, state, email, error: error.message }));
      return;
    }
    if (!user) {
      sendHtml(
        res,
        401,
        signInPage({ redirectUri, state, email, error: 'Wrong email or password. Try again.' }),
      );
      return;
    }
    const target = new URL(redirectUri);
    target.searchParams.set('code', photoflow.auth.createAuthorizationCode(user.id, redirectUri));
    target.searchParams.set('state', state);
    redirect(res, target.toString());
  });
}
