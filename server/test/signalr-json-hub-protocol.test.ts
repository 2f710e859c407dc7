import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  HANDSHAKE_SUCCESS_RECORD,
  InvalidMessageError,
  PING_RECORD,
  parseClientMessage,
  parseHandshakeRequest,
  writeClose,
  writeCompletion,
  writeHandshakeError,
  writeInvocation,
} from '../src/signalr/json-hub-protocol.ts';
import { HubDispatcher } from '../src/signalr/hub-dispatcher.ts';
import { ReplayBuffer, SequenceError } from '../src/signalr/replay-buffer.ts';
import { OutgoingPayload } from '../src/signalr/framing/outgoing-payload.ts';
import { HubError, hubMethod } from '../src/signalr/index.ts';
import type { HubLogger } from '../src/signalr/index.ts';

const RS = '\u001e';

describe('handshake', () => {
  it('accepts json version 2 and every older one, as ASP.NET Core does', () => {
    for (const version of [0, 1, 2]) {
      assert.deepEqual(parseHandshakeRequest(`{"protocol":"json","version":${version}}`), {
        ok: true,
        version,
      });
    }
  });

  it("refuses with ASP.NET Core's texts: another protocol, a newer version, an unreadable request", () => {
    const refusals: [string, string][] = [
      ['{"protocol":"messagepack","version":1}', "The protocol 'messagepack' is not supported."],
      [
        '{"protocol":"json","version":3}',
        "The server does not support version 3 of the 'json' protocol.",
      ],
    ];
    for (const request of [
      '{"protocol":"json"}',
      '{"version":1}',
      '{"protocol":"json","version":"1"}',
      '{"protocol":"json","version":1.5}',
      'not json',
      '[]',
      'null',
    ]) {
      refusals.push([request, 'An unexpected error occurred during connection handshake.']);
    }
    for (const [request, error] of refusals) {
      assert.deepEqual(parseHandshakeRequest(request), { ok: false, error }, request);
    }
  });

  it('answers {} or {"error"} as one record', () => {
    assert.equal(HANDSHAKE_SUCCESS_RECORD, `{}${RS}`);
    assert.equal(writeHandshakeError('nope'), `{"error":"nope"}${RS}`);
  });
});

describe('parsing client messages', () => {
  it('reads an invocation, with or without an invocation id', () => {
    assert.deepEqual(
      parseClientMessage('{"type":1,"invocationId":"7","target":"Echo","arguments":["a",2]}'),
      {
        kind: 'invocation',
        invocationId: '7',
        target: 'Echo',
        arguments: ['a', 2],
        streamIds: undefined,
      },
    );
    const fireAndForget = parseClientMessage('{"type":1,"target":"Join","arguments":[]}');
    assert.equal(fireAndForget.kind === 'invocation' && fireAndForget.invocationId, undefined);
  });

  it('reads the stream ids of an invocation', () => {
    const message = parseClientMessage(
      '{"type":1,"invocationId":"1","target":"Up","arguments":[],"streamIds":["0"]}',
    );
    assert.deepEqual(message.kind === 'invocation' && message.streamIds, ['0']);
  });

  it('reads stream invocations, cancels, pings and closes', () => {
    assert.deepEqual(
      parseClientMessage('{"type":4,"invocationId":"1","target":"Count","arguments":[]}'),
      {
        kind: 'stream-invocation',
        invocationId: '1',
        target: 'Count',
      },
    );
    assert.deepEqual(parseClientMessage('{"type":5,"invocationId":"1"}'), {
      kind: 'cancel-invocation',
      invocationId: '1',
    });
    assert.deepEqual(parseClientMessage('{"type":6}'), { kind: 'ping' });
    assert.deepEqual(parseClientMessage('{"type":7,"error":"bye"}'), {
      kind: 'close',
      error: 'bye',
    });
  });

  it('reads acks, sequences, stream items and completions; ignores unknown types', () => {
    assert.deepEqual(parseClientMessage('{"type":8,"sequenceId":3}'), {
      kind: 'ack',
      sequenceId: 3,
    });
    assert.deepEqual(parseClientMessage('{"type":9,"sequenceId":1}'), {
      kind: 'sequence',
      sequenceId: 1,
    });
    assert.deepEqual(parseClientMessage('{"type":2,"invocationId":"1","item":5}'), {
      kind: 'stream-item',
    });
    assert.deepEqual(parseClientMessage('{"type":3,"invocationId":"1","result":5}'), {
      kind: 'completion',
    });
    assert.deepEqual(parseClientMessage('{"type":42}'), { kind: 'ignored', type: 42 });
  });

  it('refuses malformed JSON and missing or wrong fields', () => {
    for (const record of [
      '',
      '{"type":1,"target":"Echo"',
      '"just a string"',
      '[1,2]',
      '{}',
      '{"type":"1"}',
      '{"type":1,"arguments":[]}',
      '{"type":1,"target":"","arguments":[]}',
      '{"type":1,"target":5,"arguments":[]}',
      '{"type":1,"target":"Echo"}',
      '{"type":1,"target":"Echo","arguments":{}}',
      '{"type":1,"invocationId":3,"target":"Echo","arguments":[]}',
      '{"type":1,"invocationId":"","target":"Echo","arguments":[]}',
      '{"type":1,"target":"Echo","arguments":[],"streamIds":[1]}',
      '{"type":4,"target":"Count","arguments":[]}',
      '{"type":5}',
      '{"type":7,"error":42}',
      '{"type":8}',
      '{"type":9,"sequenceId":"1"}',
    ]) {
      assert.throws(() => parseClientMessage(record), InvalidMessageError, record);
    }
  });
});

describe('writing server messages', () => {
  it('writes invocations without an invocation id', () => {
    assert.equal(
      writeInvocation('AlbumChanged', [{ id: 1 }]),
      `{"type":1,"target":"AlbumChanged","arguments":[{"id":1}]}${RS}`,
    );
  });

  it('writes completions with a result, "result":null for a void method, or an error', () => {
    assert.equal(
      writeCompletion('1', { result: { a: 1 } }),
      `{"type":3,"invocationId":"1","result":{"a":1}}${RS}`,
    );
    assert.equal(
      writeCompletion('2', { result: undefined }),
      `{"type":3,"invocationId":"2","result":null}${RS}`,
    );
    assert.equal(
      writeCompletion('3', { result: null }),
      `{"type":3,"invocationId":"3","result":null}${RS}`,
    );
    assert.equal(
      writeCompletion('4', { error: 'no' }),
      `{"type":3,"invocationId":"4","error":"no"}${RS}`,
    );
  });

  it('writes pings and closes', () => {
    assert.equal(PING_RECORD, `{"type":6}${RS}`);
    assert.equal(writeClose(), `{"type":7}${RS}`);
    assert.equal(writeClose('bad', true), `{"type":7,"error":"bad","allowReconnect":true}${RS}`);
    assert.equal(writeClose(undefined, false), `{"type":7}${RS}`);
  });
});

describe('hub dispatch', () => {
  const logged: string[] = [];
  const logger: HubLogger = {
    debug: () => undefined,
    warn: (message) => logged.push(message),
    error: (message) => logged.push(message),
  };
  const caller = { connectionId: 'c1', principal: { userId: 'u1' } };
  const dispatcher = new HubDispatcher(
    {
      authenticate: () => null,
      methods: {
        Add: (_caller, a, b) => (a as number) + (b as number),
        Later: async (_caller, value) => value,
        Refuse: () => {
          throw new HubError('Album not found');
        },
        RefuseSilently: () => {
          throw new HubError('');
        },
        Break: () => {
          throw new TypeError('internal detail');
        },
        BreakLater: () => Promise.reject(new Error('internal detail')),
        Whoami: (c) => c.principal.userId,
        Join: hubMethod(['string'], (_c, albumId) => `joined ${String(albumId)}`),
        Count: hubMethod(['number', 'boolean', 'any'], (_c, n, flag, extra) => [n, flag, extra]),
      },
    },
    logger,
  );

  it('finds methods case-insensitively and awaits promises', async () => {
    assert.deepEqual(await dispatcher.invoke(caller, 'add', [1, 2]), { result: 3 });
    assert.deepEqual(await dispatcher.invoke(caller, 'LATER', ['x']), { result: 'x' });
    assert.deepEqual(await dispatcher.invoke(caller, 'WhoAmI', []), { result: 'u1' });
  });

  it('fails an unknown method at binding, as the JSON hub protocol does', async () => {
    for (const target of ['Nope', 'constructor']) {
      assert.deepEqual(await dispatcher.invoke(caller, target, []), {
        error: `Failed to invoke '${target}' due to an error on the server. HubException: Method does not exist.`,
      });
    }
  });

  it('fails a wrong argument count or type at binding, under the declared name', async () => {
    const failed = (target: string) => ({
      error: `Failed to invoke '${target}' due to an error on the server.`,
    });
    assert.deepEqual(await dispatcher.invoke(caller, 'add', [1]), failed('Add'));
    assert.deepEqual(await dispatcher.invoke(caller, 'Add', [1, 2, 3]), failed('Add'));
    assert.deepEqual(await dispatcher.invoke(caller, 'Join', []), failed('Join'));
    assert.deepEqual(await dispatcher.invoke(caller, 'Join', [42]), failed('Join'));
    assert.deepEqual(await dispatcher.invoke(caller, 'Join', [{}]), failed('Join'));
    assert.deepEqual(await dispatcher.invoke(caller, 'Join', [null]), { result: 'joined null' });
    assert.deepEqual(await dispatcher.invoke(caller, 'join', ['a']), { result: 'joined a' });
    assert.deepEqual(await dispatcher.invoke(caller, 'Count', ['1', true, 1]), failed('Count'));
    assert.deepEqual(await dispatcher.invoke(caller, 'Count', [1, 'yes', 1]), failed('Count'));
    assert.deepEqual(await dispatcher.invoke(caller, 'Count', [1, false, { x: [] }]), {
      result: [1, false, { x: [] }],
    });
  });

  it('refuses client streams and stream invocations with their ASP.NET Core texts', async () => {
    assert.deepEqual(await dispatcher.invoke(caller, 'Join', ['a'], ['s1']), {
      error:
        "An unexpected error occurred invoking 'Join' on the server. HubException: Client sent 1 stream(s), Hub method expects 0.",
    });
    assert.equal(
      dispatcher.streamInvocationError('join'),
      "The client attempted to invoke the non-streaming 'Join' method with a streaming invocation.",
    );
    assert.equal(
      dispatcher.streamInvocationError('Nope'),
      "Failed to invoke 'Nope' due to an error on the server. HubException: Method does not exist.",
    );
  });

  it('reports a HubError as HubException, and hides any other exception', async () => {
    assert.deepEqual(await dispatcher.invoke(caller, 'Refuse', []), {
      error:
        "An unexpected error occurred invoking 'Refuse' on the server. HubException: Album not found",
    });
    assert.deepEqual(await dispatcher.invoke(caller, 'RefuseSilently', []), {
      error: "An unexpected error occurred invoking 'RefuseSilently' on the server. HubException: ",
    });
    logged.length = 0;
    for (const target of ['Break', 'BreakLater']) {
      assert.deepEqual(await dispatcher.invoke(caller, target, []), {
        error: `An unexpected error occurred invoking '${target}' on the server.`,
      });
    }
    assert.equal(logged.length, 2);
  });
});

describe('the stateful reconnect replay buffer', () => {
  const payload = (text: string) => new OutgoingPayload(`${text}${RS}`, true);
  const texts = (payloads: OutgoingPayload[]) => payloads.map((p) => p.text.slice(0, -1));

  it('numbers what it sends from 1, keeps it until acked, and replays the rest after a Sequence', () => {
    const buffer = new ReplayBuffer(1000, 10_000);
    assert.deepEqual(texts(buffer.send(payload('a'))), ['a']);
    assert.deepEqual(texts(buffer.send(payload('b'))), ['b']);
    assert.deepEqual(texts(buffer.send(payload('c'))), ['c']);
    assert.deepEqual(texts(buffer.replay()), ['{"type":9,"sequenceId":1}', 'a', 'b', 'c']);
    buffer.ack(2);
    assert.deepEqual(texts(buffer.replay()), ['{"type":9,"sequenceId":3}', 'c']);
    buffer.ack(3);
    assert.deepEqual(texts(buffer.replay()), ['{"type":9,"sequenceId":4}']);
  });

  it('holds messages back over the byte limit until acks make room, in order', () => {
    const buffer = new ReplayBuffer(4, 100);
    assert.deepEqual(texts(buffer.send(payload('1234'))), ['1234']);
    assert.deepEqual(texts(buffer.send(payload('x'))), []);
    assert.deepEqual(texts(buffer.send(payload('y'))), []);
    assert.deepEqual(texts(buffer.ack(1)), ['x', 'y']);
    assert.deepEqual(texts(buffer.replay()), ['{"type":9,"sequenceId":2}', 'x', 'y']);
    const tight = new ReplayBuffer(0, 4);
    tight.send(payload('a'));
    assert.throws(() => tight.send(payload('toolong')), RangeError);
  });

  it('counts what the client sends, drops replayed duplicates, and acks what arrived', () => {
    const buffer = new ReplayBuffer(1000, 10_000);
    assert.equal(buffer.takeAck(), undefined);
    assert.equal(buffer.receive(), true);
    assert.equal(buffer.receive(), true);
    assert.equal(buffer.takeAck()?.text, `{"type":8,"sequenceId":2}${RS}`);
    assert.equal(buffer.takeAck(), undefined, 'nothing new');
    buffer.rewind(2); // the client replays its message 2, then sends 3
    assert.equal(buffer.receive(), false);
    assert.equal(buffer.receive(), true);
    assert.equal(buffer.takeAck()?.text, `{"type":8,"sequenceId":3}${RS}`);
    assert.throws(() => buffer.rewind(9), SequenceError);
  });
});
