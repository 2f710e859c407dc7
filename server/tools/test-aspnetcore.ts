/**
 * `npm run test:aspnetcore`: the suites that drive the ASP.NET Core hub
 * (server/test/aspnetcore-*.test.ts). They need the .NET SDK: without `dotnet` on PATH one
 * line says they did not run, and the run passes (a machine with Node only); `.ci/run`
 * makes a missing `dotnet` a failure.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { buildHub, dotnetAvailable } from './aspnetcore-hub.ts';

const root = resolve(import.meta.dirname, '..', '..');

if (!dotnetAvailable()) {
  console.log('test:aspnetcore: not run, `dotnet` (the .NET 10 SDK) is not on PATH.');
  process.exit(0);
}

// Built once here, so that a compile error is reported once and plainly.
buildHub(root);
const tests = spawn(
  process.execPath,
  [
    '--test',
    '--test-concurrency=1',
    'server/test/**/aspnetcore-*.test.ts',
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => tests.kill(signal));
tests.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
