import { readBody, readForm } from '../../http/body.ts';
import { badRequest, unauthorized } from '../../http/problem.ts';
import { redirect, sendHtml, sendJson } from '../../http/respond.ts';
import type { Router } from '../../http/router.ts';
import { signInPage } from '../oauth-page.ts';
import type { PhotoFlow } from './context.ts';
import { loginBody, refreshBody } from './schemas.ts';

/** A redirect_uri the emulated Google may send the browser back to (http or https only). */
function checkedRedirectUri(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** Sign-in (CONTRACT §2): the API and the emulated Google authorize page. */
export function addAuthRoutes(router: Router, photoflow: PhotoFlow): void {
  router.post('/api/v1/auth/login', async ({ req, res }) => {
    const body = await readBody(req, loginBody);
    const tokens =
      body.provider === 'Dev'
        ? await photoflow.auth.loginWithPassword(body.email, body.password)
        : await photoflow.auth.loginWithCode(body.code, body.redirectUri);
    if (!tokens) {
      throw unauthorized(
        body.provider === 'Dev'
          ? 'Wrong email or password.'
          : 'The authorization code is invalid, expired, already used or for another redirect URI.',
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

  router.get('/dev/oauth/authorize', ({ res, url }) => {
    const redirectUri = url.searchParams.get('redirect_uri');
    const state = url.searchParams.get('state') ?? '';
    if (!checkedRedirectUri(redirectUri)) {
      sendHtml(
        res,
        400,
        signInPage({
          redirectUri: '',
          state,
          error: 'redirect_uri must be an http(s) URL.',
          fatal: true,
        }),
      );
      return;
    }
    sendHtml(res, 200, signInPage({ redirectUri: redirectUri ?? '', state }));
  });

  router.post('/dev/oauth/authorize', async ({ req, res }) => {
    const form = await readForm(req);
    const redirectUri = checkedRedirectUri(form.get('redirect_uri'));
    const state = form.get('state') ?? '';
    const email = form.get('email') ?? '';
    if (!redirectUri) throw badRequest('redirect_uri must be an http(s) URL.');
    const user = photoflow.auth.checkPassword(email, form.get('password') ?? '');
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
