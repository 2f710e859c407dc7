/**
 * Our dev backend's hub held to the real one on the wire, where the official client hides it:
 * raw WebSockets and Long Polling requests through the same scripts against our
 * `/hubs/notification` and the ASP.NET Core hub (see differential-sides.ts), outcomes
 * compared with ids and tokens left out: handshake errors, invocation errors, Close messages,
 * Long Polling's edge cases, stateful reconnect. Needs `dotnet` (`npm run test:aspnetcore`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpTransportType } from '@microsoft/signalr';
import { eventually } from './helpers.ts';
import {
  otherStudiosAlbum,
  ownAlbum,
  settle,
  startDifferential,
  type Differential,
} from './differential-sides.ts';
import {
  RawSocket,
  RS,
  handshake,
  isAck,
  negotiate,
  request,
  type HttpOutcome,
} from './differential-wire.ts';

describe('our hub and the ASP.NET Core hub on the wire, driven by the same scripts', () => {
  let differential: Differential;

  before(async () => {
    differential = await startDifferential();
  });

  after(() => differential?.close());

  it('handshake errors: the same texts, then the socket closes; over Long Polling the next poll says it is over', async () => {
    const refusals = [
      `{"protocol":"messagepackx","version":1}${RS}`,
      `{"protocol":"json","version":99}${RS}`,
      `{"protocol":"json"}${RS}`,
      `{"protocol":"json","version":"1"}${RS}`,
      `{protocol${RS}`,
      `[]${RS}`,
    ];
    const outcome = await differential.same(async (side) => {
      const accessToken = await differential.token(side);
      const overWebSockets = await Promise.all(
        refusals.map(async (text) => {
          const { connectionToken } = await negotiate(side, accessToken);
          const socket = await RawSocket.open(side, connectionToken, accessToken);
          if (typeof socket === 'number') return socket;
          socket.send(text);
          return { answer: await socket.log.take(1), closed: await socket.closed };
        }),
      );
      const { connectionToken } = await negotiate(side, accessToken);
      const at = `${side.hubUrl}?id=${connectionToken}`;
      const polls = [(await request(at, 'GET', accessToken)).status];
      polls.push((await request(at, 'POST', accessToken, { body: refusals[0] })).status);
      const answer = await request(at, 'GET', accessToken);
      const after = await request(at, 'GET', accessToken);
      return {
        overWebSockets,
        overLongPolling: { polls, answer: answer.body, after: after.status },
      };
    });
    assert.deepEqual(
      outcome.overWebSockets.map((socket) => (typeof socket === 'number' ? socket : socket.answer)),
      [
        [{ error: "The protocol 'messagepackx' is not supported." }],
        [{ error: "The server does not support version 99 of the 'json' protocol." }],
        ...Array(4).fill([{ error: 'An unexpected error occurred during connection handshake.' }]),
      ],
    );
    assert.equal(outcome.overLongPolling.after, 204);
  });

  it('invocation errors: the same completion texts; a void method completes with result null', async () => {
    const outcome = await differential.same(async (side) => {
      const connection = differential.client(side, HttpTransportType.WebSockets);
      await connection.start();
      const invocations: [string, ...unknown[]][] = [
        ['JoinAlbumGroup', ownAlbum],
        ['JoinAlbumGroup', otherStudiosAlbum],
        ['JoinAlbumGroup', 'not-an-id'],
        ['JoinAlbumGroup', null],
        ['joinalbumgroup', ownAlbum],
        ['LeaveAlbumGroup', ownAlbum],
        ['LeaveAlbumGroup', null],
        ['LeaveAlbumGroup', 'not-an-id'],
        ['NoSuchMethod'],
        ['JoinAlbumGroup'],
        ['JoinAlbumGroup', ownAlbum, ownAlbum],
        ['JoinAlbumGroup', 42],
        ['JoinAlbumGroup', true],
        ['JoinAlbumGroup', { albumId: ownAlbum }],
      ];
      const settled = [];
      for (const [method, ...args] of invocations) {
        settled.push([method, await settle(connection.invoke(method, ...args))]);
      }
      await connection.stop();

      // What the client hides: the completion's exact record, and none for a send().
      const { socket } = await RawSocket.connect(side, await differential.token(side));
      socket.sendRecord({ type: 1, target: 'JoinAlbumGroup', arguments: [ownAlbum] });
      socket.sendRecord({
        type: 1,
        invocationId: 'v',
        target: 'LeaveAlbumGroup',
        arguments: [ownAlbum],
      });
      socket.sendRecord({
        type: 4,
        invocationId: 's',
        target: 'JoinAlbumGroup',
        arguments: [ownAlbum],
      });
      const wire = await socket.log.take(2);
      socket.close();
      return { settled, wire };
    });
    const notFound =
      "An unexpected error occurred invoking 'JoinAlbumGroup' on the server. HubException: Album not found";
    const unbound = "Failed to invoke 'JoinAlbumGroup' due to an error on the server.";
    assert.deepEqual(
      outcome.settled.map(([, settled]) => settled),
      [
        { result: null },
        { error: notFound },
        { error: notFound },
        { error: notFound },
        { result: null },
        { result: null },
        { result: null },
        { result: null },
        {
          error:
            "Failed to invoke 'NoSuchMethod' due to an error on the server. HubException: Method does not exist.",
        },
        { error: unbound },
        { error: unbound },
        { error: unbound },
        { error: unbound },
        { error: unbound },
      ],
    );
    assert.deepEqual(outcome.wire, [
      { type: 3, invocationId: 'v', result: null },
      {
        type: 3,
        invocationId: 's',
        error:
          "The client attempted to invoke the non-streaming 'JoinAlbumGroup' method with a streaming invocation.",
      },
    ]);
  });

  it("Close messages: the client's Close answered with an empty one; a protocol error closes allowing reconnect", async () => {
    const closings = [
      `{"type":7}${RS}`,
      `not json${RS}`,
      `{"type":1,"invocationId":"1","arguments":[]}${RS}`,
      `{"type":1,"target":"JoinAlbumGroup","arguments":["${'x'.repeat(40_000)}"]}${RS}`,
    ];
    const outcome = await differential.same(async (side) =>
      Promise.all(
        closings.map(async (text) => {
          const { socket } = await RawSocket.connect(side, await differential.token(side));
          socket.send(text);
          return { answer: await socket.log.take(1), closed: await socket.closed };
        }),
      ),
    );
    const closedWithError = {
      type: 7,
      error: 'Connection closed with an error.',
      allowReconnect: true,
    };
    assert.deepEqual(
      outcome.map(({ answer }) => answer),
      [[{ type: 7 }], [closedWithError], [closedWithError], [closedWithError]],
    );
  });

  it('Long Polling edge cases: first poll, a newer poll, DELETE, unknown and missing ids', async () => {
    const outcome = await differential.both(async (side) => {
      const accessToken = await differential.token(side);
      const { connectionToken } = await negotiate(side, accessToken);
      const at = (id = connectionToken) => `${side.hubUrl}?id=${id}`;
      const answer = async (pending: Promise<HttpOutcome>) => {
        const { status, body, contentType } = await pending;
        return [status, body, contentType];
      };
      const first = await answer(request(at(), 'GET', accessToken));
      await request(at(), 'POST', accessToken, { body: handshake() });
      const handshakeAnswer = await answer(request(at(), 'GET', accessToken));
      // A poll the client gave up on is answered 204 when a newer one comes.
      const older = request(at(), 'GET', accessToken);
      await sleep(300);
      const newer = request(at(), 'GET', accessToken);
      const olderAnswer = await answer(older);
      await sleep(300);
      const deleted = await answer(request(at(), 'DELETE', accessToken));
      const newerAnswer = await answer(newer);
      // Gone for good, once ASP.NET Core has disposed of it (a moment's 404 without a body).
      const afterDelete = await eventually(async () => {
        const later = await answer(request(at(), 'GET', accessToken));
        return later[1] === '' ? undefined : later;
      });
      const unknown = await Promise.all(
        ['GET', 'POST', 'DELETE'].map((method) => answer(request(at('nope'), method, accessToken))),
      );
      const missing = await answer(request(side.hubUrl, 'GET', accessToken));
      return {
        first,
        handshakeAnswer,
        olderAnswer,
        deleted,
        unknown,
        missing,
        afterDelete,
        heldAtDelete: newerAnswer,
      };
    });
    const { heldAtDelete, ...compared } = outcome.ours;
    const { heldAtDelete: theirHeldAtDelete, ...reference } = outcome.aspnetcore;
    assert.deepEqual(compared, reference);
    const noConnection = [404, 'No Connection with that ID', 'text/plain'];
    assert.deepEqual(reference, {
      first: [200, '', 'application/octet-stream'],
      handshakeAnswer: [200, `{}${RS}`, 'application/octet-stream'],
      olderAnswer: [204, '', 'text/plain'],
      deleted: [202, '', 'text/plain'],
      unknown: [noConnection, noConnection, noConnection],
      missing: [400, 'Connection ID required', 'text/plain'],
      afterDelete: noConnection,
    });
    // A poll held when the DELETE comes says the connection is over. ASP.NET Core's answer
    // races its disposal of the connection against the Close its hub writes whenever a
    // transport ends without the client's Close: 204, or 200 with that Close. Ours is 204.
    // (The official client aborts its poll before it sends DELETE, so it sees neither.)
    assert.deepEqual(heldAtDelete, [204, '', 'text/plain']);
    assert.ok(
      [
        JSON.stringify([204, '', 'text/plain']),
        JSON.stringify([200, `{"type":7,"allowReconnect":true}${RS}`, 'application/octet-stream']),
      ].includes(JSON.stringify(theirHeldAtDelete)),
      JSON.stringify(theirHeldAtDelete),
    );
  });

  it('stateful reconnect on WebSockets: version 2, Ack and Sequence, unacked messages replayed after a cut', async () => {
    const outcome = await differential.same(async (side) => {
      const accessToken = await differential.token(side);
      const connected = await RawSocket.connect(side, accessToken, {
        version: 2,
        statefulReconnect: true,
      });
      const first = connected.socket;
      first.sendRecord({
        type: 1,
        invocationId: '1',
        target: 'JoinAlbumGroup',
        arguments: [ownAlbum],
      });
      const joined = await first.log.take(1);
      const serverAck = await first.log.until((record) => isAck(record));
      await differential.emit(side, 'Tick', [1]);
      await differential.emit(side, 'Tick', [2]);
      const ticks = await first.log.take(2);
      first.cut(); // nothing acknowledged: the completion and both ticks come again

      const reopen = async () => {
        const socket = await RawSocket.open(
          side,
          connected.negotiated.connectionToken,
          accessToken,
        );
        if (typeof socket === 'number') throw new Error(`the reconnect answered ${socket}`);
        return socket;
      };
      const second = await reopen();
      const replayed = await second.log.take(4);
      // The client's side: its Sequence, and its unacked invocation again, which is dropped.
      second.sendRecord({ type: 9, sequenceId: 1 });
      second.sendRecord({
        type: 1,
        invocationId: '1',
        target: 'JoinAlbumGroup',
        arguments: [ownAlbum],
      });
      second.sendRecord({
        type: 1,
        invocationId: '2',
        target: 'LeaveAlbumGroup',
        arguments: [ownAlbum],
      });
      second.sendRecord({
        type: 1,
        invocationId: '3',
        target: 'JoinAlbumGroup',
        arguments: [ownAlbum],
      });
      const afterResume = await second.log.take(2);
      second.sendRecord({ type: 8, sequenceId: 5 }); // all but what comes next
      await differential.emit(side, 'Tick', [3]);
      const third = await second.log.take(1);
      const secondAck = await second.log.until((record) => isAck(record));
      second.cut();

      const last = await reopen();
      const replayedOnce = await last.log.take(2);
      last.sendRecord({ type: 9, sequenceId: 99 }); // more than it ever sent
      const refused = await last.log.take(1);
      const closed = await last.closed;
      return {
        handshake: connected.handshake,
        joined,
        serverAck,
        ticks,
        replayed,
        afterResume,
        third,
        secondAck,
        replayedOnce,
        refused,
        closed,
      };
    });
    const tick = (n: number) => ({ type: 1, target: 'Tick', arguments: [n] });
    assert.deepEqual(outcome.replayed, [
      { type: 9, sequenceId: 1 },
      { type: 3, invocationId: '1', result: null },
      tick(1),
      tick(2),
    ]);
    assert.deepEqual(outcome.afterResume, [
      { type: 3, invocationId: '2', result: null },
      { type: 3, invocationId: '3', result: null },
    ]);
    assert.deepEqual(outcome.replayedOnce, [{ type: 9, sequenceId: 6 }, tick(3)]);
  });
});
