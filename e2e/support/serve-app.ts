/**
 * `npm start`'s app server, the e2e suite's AppServer: serves the watched localized build
 * (`dist/dev/browser/{en,vi}`) on :4200 as production does — `/en/…` and `/vi/…` with deep links, `/` redirected by the
 * remembered or browser language (server/tools/locale-routes.ts) — and proxies `/api`,
 * `/hubs`, `/dev` and `/health` (WebSockets included) to the dev backend.
 */
import { join, resolve } from 'node:path';
import { AppServer } from './app-server.ts';

const root = resolve(import.meta.dirname, '..', '..');
const backend = new URL(process.env['BACKEND_URL'] ?? 'http://127.0.0.1:5080');
const port = Number(process.env['APP_PORT'] ?? 4200);

const app = await AppServer.start(
  join(root, 'dist', 'dev', 'browser'),
  () => Number(backend.port),
  {
    port,
  },
);
console.log(`PhotoFlow: ${app.url}/ (English: ${app.url}/en/, Tiếng Việt: ${app.url}/vi/)`);
const stop = () => void app.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
