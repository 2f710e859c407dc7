/**
 * `npm run test:scaled`: the hub scaled out (server/test/scaled-*.test.ts); with `--e2e`, the
 * scaled e2e specs (`npm run test:e2e:scaled`, playwright.scaled.config.ts). They need
 * `dotnet`, `redis-server` and `haproxy`. Without them one line says they did not run and
 * the run passes (a developer's machine with Node only), except under CI (`CI` set), where
 * a missing tool fails the run: `.ci/run` installs them.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { buildHub } from './aspnetcore-hub.ts';
import { missingTools } from './scaled-stack.ts';

const root = resolve(import.meta.dirname, '..', '..');
const e2e = process.argv.includes('--e2e');
const extra = process.argv.slice(2).filter((arg) => arg !== '--e2e');
const name = e2e ? 'test:e2e:scaled' : 'test:scaled';

const missing = missingTools();
if (missing.length > 0) {
  const line = `${name}: not run, missing ${missing.join(', ')}.`;
  if (process.env['CI']) {
    console.error(`${line} CI must run it (.ci/run installs them).`);
    process.exit(1);
  }
  console.log(line);
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
        'playwright.scaled.config.ts',
        ...extra,
      ],
      { cwd: root, stdio: 'inherit' },
    )
  : spawn(
      process.execPath,
      ['--test', '--test-concurrency=1', 'server/test/**/scaled-*.test.ts', ...extra],
      { cwd: root, stdio: 'inherit' },
    );
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => tests.kill(signal));
tests.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
