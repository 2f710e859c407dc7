import { seedUsers } from './seed.ts';

export interface SignInPageModel {
  readonly redirectUri: string;
  readonly state: string;
  readonly email?: string;
  readonly error?: string;
  /** The request cannot go on (bad redirect_uri): no form. */
  readonly fatal?: boolean;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`);

/** The emulated Google sign-in page (dev backend only); every reflected value escaped. */
export function signInPage(model: SignInPageModel): string {
  const error = model.error
    ? `<p class="error" role="alert" id="sign-in-error">${escapeHtml(model.error)}</p>`
    : '';
  const users = Object.values(seedUsers)
    .map((user) => `<li><code>${escapeHtml(user.email)}</code> (${escapeHtml(user.role)})</li>`)
    .join('');
  const form = model.fatal
    ? ''
    : `<form method="post" action="/dev/oauth/authorize">
      <input type="hidden" name="redirect_uri" value="${escapeHtml(model.redirectUri)}">
      <input type="hidden" name="state" value="${escapeHtml(model.state)}">
      <label for="email">Email</label>
      <input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(model.email ?? '')}"${model.error ? ' aria-describedby="sign-in-error"' : ''}>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit">Sign in</button>
    </form>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in – PhotoFlow dev identity provider</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f3f4f6; color: #111827; margin: 0; }
  main { max-width: 24rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 12px; box-shadow: 0 1px 4px rgb(0 0 0 / 0.15); }
  h1 { font-size: 1.4rem; margin-top: 0; }
  form { display: grid; gap: 0.5rem; }
  label { font-weight: 600; margin-top: 0.5rem; }
  input { font: inherit; padding: 0.6rem; border: 1px solid #6b7280; border-radius: 6px; }
  button { font: inherit; margin-top: 1rem; padding: 0.7rem; border: 0; border-radius: 6px; background: #1d4ed8; color: #fff; font-weight: 600; cursor: pointer; }
  button:focus-visible, input:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
  .error { color: #b91c1c; font-weight: 600; }
  .hint { font-size: 0.9rem; color: #374151; }
</style>
</head>
<body>
<main>
  <h1>Sign in to PhotoFlow</h1>
  <p class="hint">Development identity provider standing in for Google.</p>
  ${error}
  ${form}
  <div class="hint">
    <p>Dev users (password <code>photoflow</code>):</p>
    <ul>${users}</ul>
  </div>
</main>
</body>
</html>`;
}
