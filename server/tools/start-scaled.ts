/**
 * `npm run start:scaled`: the hub scaled out on this machine. Redis, N instances of the
 * ASP.NET Core hub joined by its backplane (N = HUB_INSTANCES, default 2), HAProxy in front
 * of them on :5095 (BALANCER_PORT; cookie affinity, health checks), the dev backend on :5080 publishing to
 * the first instance, and the app (`ng serve -c scaled`, :4200, APP_PORT) reaching the hub only
 * through the load balancer. Ctrl-C stops everything; so does this process dying (every
 * process is on the leash).
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { missingTools, startScaledStack } from './scaled-stack.ts';

const root = resolve(import.meta.dirname, '..', '..');
const instances = Number(process.env['HUB_INSTANCES'] ?? '2');
const backendPort = Number(process.env['PORT'] ?? '5080');
const balancerPort = Number(process.env['BALANCER_PORT'] ?? '5095');
const appPort = Number(process.env['APP_PORT'] ?? '4200');

const missing = missingTools();
if (missing.length > 0) {
  console.error(`start:scaled needs ${missing.join(', ')}.`);
  process.exit(1);
}
if (balancerPort !== 5095) {
  console.warn(
    'BALANCER_PORT is not 5095: the app (environments/environment.scaled.ts) looks for :5095.',
  );
}

console.log(`Starting Redis, ${instances} hub instances, HAProxy and the dev backend…`);
const stack = await startScaledStack({
  root,
  instances,
  corsOrigins: [`http://localhost:${appPort}`, `http://127.0.0.1:${appPort}`],
  ports: { balancer: balancerPort, backend: backendPort },
  echo: true,
});
console.log(
  `Load balancer ${stack.balancerUrl} → ${stack.instances
    .map((instance) => `${instance.name} ${instance.url}`)
    .join(
      ', ',
    )}; Redis :${stack.redisPort}; dev backend ${stack.backend.url} → ${stack.publishedTo.name}.`,
);

// ng serve takes PORT as its own port: the proxy is told by BACKEND_URL instead.
const appEnvironment = { ...process.env };
delete appEnvironment['PORT'];
const app = spawn(
  process.execPath,
  [
    join(root, 'e2e', 'support', 'leash.mts'),
    process.execPath,
    join(root, 'node_modules', '@angular', 'cli', 'bin', 'ng.js'),
    'serve',
    '--configuration',
    'scaled',
    '--port',
    String(appPort),
  ],
  {
    cwd: root,
    env: { ...appEnvironment, BACKEND_URL: stack.backend.url },
    stdio: ['pipe', 'inherit', 'inherit'],
  },
);

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  app.kill('SIGTERM');
  await stack.close();
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => void stop(0));
app.on('exit', (code) => void stop(code ?? 1));
// A hub instance, Redis or HAProxy that dies by itself ends the run: say so, stop the rest.
for (const [name, server] of [
  ...stack.instances.map((instance) => [instance.name, instance.server] as const),
  ['dev backend', stack.backend] as const,
]) {
  server?.child.once('exit', (code) => {
    if (stopping) return;
    console.error(`${name} exited (${code}); stopping.`);
    void stop(1);
  });
}
