import { DOCUMENT } from '@angular/common';
import { InjectionToken, inject } from '@angular/core';
import type { PhotoFlowEnvironment } from '../../../environments/environment.model';

/** A sign-in that could not complete, with a sentence for the sign-in page. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
}

export const SIGN_IN_STORAGE_KEY = 'photoflow.signIn';
export const PLACEHOLDER_CLIENT_ID = 'PHOTOFLOW_GOOGLE_CLIENT_ID';

/** Sends the browser to the identity provider; a token so tests can watch instead. */
export const SIGN_IN_REDIRECT = new InjectionToken<(url: string) => void>('Sign-in redirect', {
  providedIn: 'root',
  factory: () => {
    const location = inject(DOCUMENT).location;
    return (url: string) => location.assign(url);
  },
});

/** The authorization-code request (CONTRACT §2) to the environment's identity provider. */
export function authorizeUrl(
  oauth: PhotoFlowEnvironment['oauth'],
  origin: string,
  redirectUri: string,
  state: string,
): string {
  const url = new URL(oauth.authorizeUrl, origin);
  url.searchParams.set('client_id', oauth.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', oauth.scope);
  url.searchParams.set('state', state);
  return url.toString();
}

export function randomState(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
