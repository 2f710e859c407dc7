/**
 * HAProxy as the scaled topology configures it (`haproxyConfig()`, server/tools/balancer.ts),
 * in front of two stand-in instances: what it does with a request whose instance dies
 * under it. Run by `npm run test:scaled` (it needs haproxy).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, type LeashedServer } from '../tools/aspnetcore-hub.ts';
import { affinityCookie, servedByHeader, waitUntil } from '../tools/balancer.ts';
import { startBalancer } from '../tools/scaled-stack.ts';
import { repoRoot } from './helpers.ts';

/** Listens on a free port of 127.0.0.1; GET /health answers 200 (HAProxy's checks pass). */
async function instance(
  name: string,
  onRequest: (respond: () => void, drop: () => void) => void,
): Promise<{ name: string; port: number; server: Server }> {
  const port = await freePort();
  const server = createServer((request, response) => {
    const respond = () => response.end(`${name}\n`);
    if (request.url === '/health') {
      respond();
      return;
    }
    // Read the request whole first, as an instance dying mid-answer would have.
    request.resume();
    request.on('end', () => onRequest(respond, () => request.socket.destroy()));
  });
  await new Promise<void>((listening) => server.listen(port, '127.0.0.1', listening));
  return { name, port, server };
}

describe('the balancer when an instance dies under a request', () => {
  const dir = mkdtempSync(join(tmpdir(), 'photoflow-balancer-'));
  let balancer: LeashedServer;
  let servers: Server[] = [];
  /** What hub1 received before it dropped it. */
  let dropped = 0;

  before(async () => {
    // hub1 passes its health checks but drops every other request without an answer: a
    // process killed after it took the request (SIGKILL mid-request) looks like this.
    const hub1 = await instance('hub1', (_respond, drop) => {
      dropped++;
      drop();
    });
    const hub2 = await instance('hub2', (respond) => respond());
    servers = [hub1.server, hub2.server];
    balancer = await startBalancer({
      root: repoRoot,
      dir,
      port: await freePort(),
      instances: [hub1, hub2],
      log: true,
    });
  });

  after(async () => {
    await balancer?.stop();
    for (const server of servers) server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const method of ['GET', 'POST'] as const) {
    it(`answers a ${method} pinned to an instance that dropped it from another instance, not a 502`, async () => {
      const before = dropped;
      const response = await fetch(
        `${balancer.url}/hubs/notification/negotiate?negotiateVersion=1`,
        {
          method,
          headers: { cookie: `${affinityCookie}=hub1` },
          ...(method === 'POST' ? { body: '' } : {}),
        },
      );
      assert.equal(dropped, before + 1, 'the request reached the dying instance first');
      assert.equal(response.status, 200);
      assert.equal(response.headers.get(servedByHeader), 'hub2');
      assert.equal(await response.text(), 'hub2\n');
    });
  }

  it("logs each request's instance, timers and retries, and its path without the query (a browser's token rides there)", async () => {
    await fetch(`${balancer.url}/hubs/notification?id=c1&access_token=secret-token`, {
      headers: { cookie: `${affinityCookie}=hub1` },
    });
    let line: string | undefined;
    await waitUntil(async () => {
      line = balancer
        .output()
        .split('\n')
        .find((candidate) => candidate.includes('GET /hubs/notification '));
      return line !== undefined;
    }, 5_000);
    assert.match(line!, /^at=\d+\.\d{3} hub2 TR\/Tw\/Tc\/Tr\/Ta=\d+\/\d+\/\d+\/\d+\/\d+ 200 GET \/hubs\/notification rc=\+1$/);
    assert.doesNotMatch(balancer.output(), /secret-token/);
  });
});
