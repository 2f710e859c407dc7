/**
 * `npm run start:aspnetcore`: the dev backend (:5080), the ASP.NET Core hub (:5090) and the
 * app (`ng serve -c aspnetcore`, :4200) together. The app talks REST to the dev backend
 * through its proxy and to the hub on the hub's own origin, cross-origin, as in
 * PhotoFlow's real environments. Ctrl-C stops all three.
 *
 * Both servers get the same fresh secrets each run (token signing key, publish key):
 * access tokens of an earlier run are refused and the app refreshes them.
 */
import { resolve } from 'node:path';
import concurrently from 'concurrently';
import { buildHub, dotnetAvailable, hubAssembly, newSecrets } from './aspnetcore-hub.ts';

const root = resolve(import.meta.dirname, '..', '..');
const backendPort = process.env['PORT'] ?? '5080';
const hubPort = process.env['HUB_PORT'] ?? '5090';

if (!dotnetAvailable()) {
  console.error('start:aspnetcore needs `dotnet` (the .NET 10 SDK) on PATH.');
  process.exit(1);
}
console.log('Building the ASP.NET Core hub (aspnetcore-hub/)…');
buildHub(root);

const secrets = newSecrets();
const shared = {
  JWT_SIGNING_KEY: secrets.signingKey,
  JWT_ISSUER: secrets.issuer,
  JWT_AUDIENCE: secrets.audience,
  HUB_PUBLISH_KEY: secrets.publishKey,
};
const { result } = concurrently(
  [
    {
      name: 'server',
      command: `"${process.execPath}" server/main.ts`,
      env: {
        ...shared,
        PHOTOFLOW_MODE: 'dev',
        PORT: backendPort,
        HUB_PUBLISH_URL: `http://127.0.0.1:${hubPort}`,
      },
      prefixColor: 'blue',
    },
    {
      name: 'hub',
      command: `dotnet "${hubAssembly(root)}" --urls http://127.0.0.1:${hubPort}`,
      env: {
        ...shared,
        PHOTOFLOW_API_URL: `http://127.0.0.1:${backendPort}`,
        CORS_ORIGINS: 'http://localhost:4200,http://127.0.0.1:4200',
        DOTNET_NOLOGO: '1',
      },
      prefixColor: 'green',
    },
    {
      name: 'app',
      // ng serve takes PORT as its own port: the proxy is told by BACKEND_URL instead.
      command: 'npx ng serve --configuration aspnetcore --port 4200',
      env: { BACKEND_URL: `http://127.0.0.1:${backendPort}` },
      prefixColor: 'magenta',
    },
  ],
  { cwd: root, killOthersOn: ['failure', 'success'] },
);
result.then(
  () => process.exit(0),
  () => process.exit(1),
);
