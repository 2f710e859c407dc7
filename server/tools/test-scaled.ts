/**
 * `npm run test:scaled`: the hub scaled out (server/test/scaled-*.test.ts); with `--e2e`, the
 * scaled e2e specs (`npm run test:e2e:scaled`, playwright.scaled.config.ts). They need
 * `dotnet`, `redis-server` and `haproxy`. Without them one line says they did not run and
 * the run passes (a developer's machine with Node only), except under CI (`CI` set), where
 * a missing tool fails the run: `.ci/run` installs them.
 */
import { e2e, runHubSuites } from './hub-suites.ts';
import { missingTools } from './scaled-stack.ts';

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

runHubSuites({ pattern: 'server/test/**/scaled-*.test.ts', config: 'playwright.scaled.config.ts' });
