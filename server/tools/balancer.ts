/**
 * HAProxy in front of the hub's instances (scaled-stack.ts): its command, its configuration,
 * and what it says of the instances. Only `node:` imports, as the other tools.
 */
import { existsSync } from 'node:fs';

/** The affinity cookie HAProxy sets; its value names the instance (`hub1`, `hub2`, …). */
export const affinityCookie = 'PFHUB';
/** The response header HAProxy adds on every answer: the instance that served it. */
export const servedByHeader = 'x-served-by';

/** HAProxy: on PATH, or where Debian puts it (/usr/sbin is not on every user's PATH). */
export function haproxyCommand(): string {
  return existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : 'haproxy';
}

/**
 * HAProxy for a SignalR hub (see the README, "Running behind a load balancer"):
 * - cookie affinity, because negotiate, the SSE stream, Long Polling polls and every send
 *   must reach the instance that issued the connection token;
 * - `option redispatch 1`: a request whose instance is down, or whose connection to it
 *   fails, goes to another one at the next try (whose answer sets the cookie anew), so a
 *   client of a dead instance reconnects elsewhere. With round robin and another server up,
 *   HAProxy tries the other server at once, without the turn-around pause (up to 1 s) it
 *   takes before trying the same server again;
 * - `retry-on conn-failure empty-response`: also a request that an instance took and then
 *   died under without answering (killed mid-request) is tried on another one, rather than
 *   answered 502. Safe for a hub: negotiate only issues a token, and a connection's
 *   requests (WebSocket, SSE, polls, sends) name an id that only the dead instance knew, so
 *   the other answers 404 and the client reconnects;
 * - health checks on the hub's /health (503 while its backplane is down), every 500 ms;
 * - WebSocket upgrades pass as tunnels (`timeout tunnel`); `timeout server` outlasts a Long
 *   Polling poll (held up to 90 s by ASP.NET Core) and the 15 s pings of SSE.
 *
 * `log`: a line per request on HAProxy's standard output ({@link balancerLogFormat}).
 */
export function haproxyConfig(
  port: number,
  instances: readonly { readonly name: string; readonly port: number }[],
  options: { readonly log?: boolean } = {},
): string {
  return [
    'global',
    '  maxconn 4096',
    ...(options.log ? ['  log stdout format raw local0'] : []),
    '',
    'defaults',
    '  mode http',
    ...(options.log ? ['  log global', `  log-format "${balancerLogFormat}"`] : []),
    '  timeout connect 2s',
    '  timeout client 100s',
    '  timeout server 100s',
    '  timeout tunnel 1h',
    '  timeout client-fin 5s',
    '  timeout http-request 10s',
    '  timeout http-keep-alive 10s',
    '  timeout queue 5s',
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response',
    '',
    'frontend hub',
    `  bind 127.0.0.1:${port}`,
    '  monitor-uri /lb-health',
    '  default_backend hubs',
    '',
    'backend hubs',
    '  balance roundrobin',
    `  cookie ${affinityCookie} insert indirect nocache httponly`,
    '  option httpchk GET /health',
    '  http-check expect status 200',
    `  http-response set-header X-Served-By %[srv_name]`,
    '  default-server inter 500ms fall 2 rise 2',
    ...instances.map(
      (instance) =>
        `  server ${instance.name} 127.0.0.1:${instance.port} check cookie ${instance.name}`,
    ),
    '',
  ].join('\n');
}

/**
 * A request as HAProxy logs it: when it came (Unix time, ms), the instance that answered,
 * its timers in ms (TR: the request received; Tw: queued; Tc: connecting to the instance,
 * over every retry; Tr: the instance's answer; Ta: in all; -1 when not reached), the status,
 * method and path, and `rc`, the retries (`+` when redispatched to another instance). The
 * path only: a browser's hub requests carry the access token in the query string.
 */
export const balancerLogFormat =
  'at=%Ts.%ms %s TR/Tw/Tc/Tr/Ta=%TR/%Tw/%Tc/%Tr/%Ta %ST %HM %HPO rc=%rc';

/** How many servers HAProxy serves from, read from its round-robin answers to GET /health. */
export async function instancesUp(balancerUrl: string, count: number): Promise<number> {
  const served = new Set<string>();
  for (let i = 0; i < count * 2; i++) {
    const response = await fetch(`${balancerUrl}/health`).catch(() => null);
    const name = response?.headers.get(servedByHeader);
    if (response?.ok && name) served.add(name);
  }
  return served.size;
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Not true within ${timeoutMs} ms: ${check}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
