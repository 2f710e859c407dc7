/**
 * Keep-alive as a hand-written client sees it, for the differential suite: the server's
 * pings on an idle WebSocket and an idle Server-Sent Events stream, and the Close a client
 * gets once it has pinged and then fallen silent for the client timeout (30 s).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  RawEventStream,
  RawSocket,
  handshake,
  isPing,
  negotiate,
  request,
  type Side,
} from './differential-wire.ts';

/** The client's own server timeout is 30 s and it pings every 15 s: a ping must come sooner. */
const pingDeadlineMs = 20_000;
const closeDeadlineMs = 45_000;

export interface KeepAliveObservation {
  /** The first records after the handshake on each transport (a ping, nothing else). */
  readonly webSocketFirst: unknown;
  readonly serverSentEventsFirst: unknown;
  /** What a client silent since its ping gets, and how its socket then closes. */
  readonly clientTimeout: { readonly close: unknown; readonly code: number };
}

export async function observeKeepAlive(side: Side, token: string): Promise<KeepAliveObservation> {
  const idle = await RawSocket.connect(side, token);
  const negotiated = await negotiate(side, token);
  const stream = await RawEventStream.open(side, negotiated.connectionToken, token);
  const silent = await RawSocket.connect(side, token);
  try {
    const sent = await request(`${side.hubUrl}?id=${negotiated.connectionToken}`, 'POST', token, {
      body: handshake(),
    });
    if (sent.status !== 200) throw new Error(`the SSE handshake POST answered ${sent.status}`);
    await stream.log.take(1);
    // The client timeout starts with the client's first message; then it says nothing.
    silent.socket.sendRecord({ type: 6 });
    const [webSocketFirst, serverSentEventsFirst] = await Promise.all([
      recordAfterHandshake(idle.socket.log.all, pingDeadlineMs),
      recordAfterHandshake(stream.log.all, pingDeadlineMs),
    ]);
    const close = await recordAfterHandshake(
      silent.socket.log.all,
      closeDeadlineMs,
      (record) => !isPing(record),
    );
    const { code } = await silent.socket.closed;
    return { webSocketFirst, serverSentEventsFirst, clientTimeout: { close, code } };
  } finally {
    idle.socket.close();
    stream.close();
    silent.socket.close();
  }
}

/** The first record after the handshake answer that matches, once it has come. */
async function recordAfterHandshake(
  log: readonly unknown[],
  timeoutMs: number,
  matches: (record: unknown) => boolean = () => true,
): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = log.slice(1).find(matches);
    if (found !== undefined) return found;
    if (Date.now() > deadline) return `nothing within ${timeoutMs / 1000} s`;
    await sleep(50);
  }
}
