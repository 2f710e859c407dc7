/**
 * `npm run test:aspnetcore`: the suites that drive the ASP.NET Core hub
 * (server/test/aspnetcore-*.test.ts); with `--e2e`, the realtime e2e specs against it
 * (`npm run test:e2e:aspnetcore`). They need the .NET SDK: without `dotnet` on PATH one
 * line says they did not run, and the run passes (a machine with Node only); `.ci/run`
 * makes a missing `dotnet` a failure.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { buildHub, dotnetAvailable } from './aspnetcore-hub.ts';

const root = resolve(import.meta.dirname, '..', '..');

const e2e = process.argv.includes('--e2e');
const extra = process.argv.slice(2).filter((arg) => arg !== '--e2e');

if (!dotnetAvailable()) {
  const name = e2e ? 'test:e2e:aspnetcore' : 'test:aspnetcore';
  console.log(`${name}: not run, \`dotnet\` (the .NET 10 SDK) is not on PATH.`);
  process.exit(0);
}

// Built once here, so that a compile error is reported once and plainly.
buildHub(root);
const tests = e2e
  ? spawn(
      process.execPath,
      [
        resolve(root, 'node_modules', '@playwright', 'test', 'cli.js'),
        'test',
        '--config',
        'playwright.aspnetcore.config.ts',
        ...extra,
      ],
      { cwd: root, stdio: 'inherit' },
    )
  : spawn(
      process.execPath,
      ['--test', '--test-concurrency=1', 'server/test/**/aspnetcore-*.test.ts', ...extra],
      { cwd: root, stdio: 'inherit' },
    );
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => tests.kill(signal));
tests.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
