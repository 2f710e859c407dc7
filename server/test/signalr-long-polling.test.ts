/**
 * The Long Polling transport on its own, with stand-in requests: the moments between
 * a send and the end of its turn, which the wire tests cannot time.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { setImmediate as endOfTurn } from 'node:timers/promises';
import { OutgoingPayload } from '../src/signalr/framing/outgoing-payload.ts';
import { LongPollingTransport } from '../src/signalr/transports/long-polling.ts';

const RS = '\u001e';

/** A poll's request and response, recording how it was answered. */
function stubPoll() {
  const answer: { status?: number; body?: string } = {};
  const req = { headers: {}, socket: { destroy: () => undefined } } as unknown as IncomingMessage;
  const res = Object.assign(new EventEmitter(), {
    writeHead(status: number) {
      answer.status = status;
      return res;
    },
    end(body?: string) {
      answer.body = body ?? '';
      return res;
    },
  });
  return { req, res: res as unknown as ServerResponse & EventEmitter, answer };
}

function transport(): LongPollingTransport {
  const owner = {
    receive: () => undefined,
    transportClosed: () => undefined,
    release: () => undefined,
  };
  return new LongPollingTransport(owner, {
    longPollTimeoutMs: 60_000,
    disconnectTimeoutMs: 60_000,
  });
}

describe('Long Polling transport', () => {
  it('answers a held poll with the records of the turn, in one answer', async () => {
    const longPolling = transport();
    const held = stubPoll();
    longPolling.poll(held.req, held.res);
    longPolling.send(new OutgoingPayload(`a${RS}`));
    longPolling.send(new OutgoingPayload(`b${RS}`));
    assert.equal(held.answer.body, undefined, 'not before the turn ends');
    await endOfTurn();
    assert.deepEqual(held.answer, { status: 200, body: `a${RS}b${RS}` });
  });

  it('keeps the records for the next poll when the held poll ends before the turn does', async () => {
    const longPolling = transport();
    const cut = stubPoll();
    longPolling.poll(cut.req, cut.res);
    longPolling.send(new OutgoingPayload(`lost?${RS}`));
    cut.res.emit('close');
    await endOfTurn();
    const next = stubPoll();
    longPolling.poll(next.req, next.res);
    assert.deepEqual(next.answer, { status: 200, body: `lost?${RS}` });
  });
});
