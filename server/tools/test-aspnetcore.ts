/**
 * `npm run test:aspnetcore`: the suites that drive the ASP.NET Core hub
 * (server/test/aspnetcore-*.test.ts); with `--e2e`, the realtime e2e specs against it
 * (`npm run test:e2e:aspnetcore`). They need the .NET SDK: without `dotnet` on PATH one
 * line says they did not run, and the run passes (a machine with Node only); `.ci/run`
 * makes a missing `dotnet` a failure.
 */
import { dotnetAvailable } from './aspnetcore-hub.ts';
import { e2e, runHubSuites } from './hub-suites.ts';

if (!dotnetAvailable()) {
  const name = e2e ? 'test:e2e:aspnetcore' : 'test:aspnetcore';
  console.log(`${name}: not run, \`dotnet\` (the .NET 10 SDK) is not on PATH.`);
  process.exit(0);
}

runHubSuites({
  pattern: 'server/test/**/aspnetcore-*.test.ts',
  config: 'playwright.aspnetcore.config.ts',
});
