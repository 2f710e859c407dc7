/**
 * What `npm run test:aspnetcore` and `npm run test:scaled` share: build the ASP.NET Core
 * hub once, then run either the Node suites matching `pattern` or, with `--e2e`, the
 * Playwright `config`; the process exits with their code and passes Ctrl-C on to them.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { buildHub } from './aspnetcore-hub.ts';

export interface HubSuites {
  /** The Node test files (a glob `node --test` expands). */
  readonly pattern: string;
  /** The Playwright configuration run with `--e2e`. */
  readonly config: string;
}

export const root = resolve(import.meta.dirname, '..', '..');
export const e2e = process.argv.includes('--e2e');
const extra = process.argv.slice(2).filter((arg) => arg !== '--e2e');

export function runHubSuites({ pattern, config }: HubSuites): void {
  // Built once here, so that a compile error is reported once and plainly.
  buildHub(root);
  const tests = e2e
    ? spawn(
        process.execPath,
        [
          resolve(root, 'node_modules', '@playwright', 'test', 'cli.js'),
          'test',
          '--config',
          config,
          ...extra,
        ],
        { cwd: root, stdio: 'inherit' },
      )
    : spawn(process.execPath, ['--test', '--test-concurrency=1', pattern, ...extra], {
        cwd: root,
        stdio: 'inherit',
      });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => tests.kill(signal));
  tests.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
