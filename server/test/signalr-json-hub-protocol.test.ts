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
import { HubError } from '../src/signalr/index.ts';
import type { HubLogger } from '../src/signalr/index.ts';

const RS = '\u001e';

describe('handshake', () => {
  it('accepts json version 1 and 2', () => {
    assert.deepEqual(parseHandshakeRequest('{"protocol":"json","version":1}'), { ok: true });
    assert.deepEqual(parseHandshakeRequest('{"protocol":"json","version":2}'), { ok: true });
  });

  it('refuses other protocols, versions and malformed requests with an error', () => {
    for (const request of [
      '{"protocol":"messagepack","version":1}',
      '{"protocol":"json","version":3}',
      '{"protocol":"json"}',
      '{"version":1}',
      'not json',
      '[]',
      'null',
    ]) {
      const outcome = parseHandshakeRequest(request);
      assert.equal(outcome.ok, false, request);
      assert.ok(!outcome.ok && outcome.error.length > 0);
    }
    assert.match(
      (parseHandshakeRequest('{"protocol":"messagepack","version":1}') as { error: string }).error,
      /messagepack/,
    );
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

  it('ignores types the server has nothing to do with', () => {
    assert.deepEqual(parseClientMessage('{"type":8,"sequenceId":1}'), { kind: 'ignored', type: 8 });
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

  it('writes completions with a result, without one, or with an error', () => {
    assert.equal(
      writeCompletion('1', { result: { a: 1 } }),
      `{"type":3,"invocationId":"1","result":{"a":1}}${RS}`,
    );
    assert.equal(writeCompletion('2', { result: undefined }), `{"type":3,"invocationId":"2"}${RS}`);
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
      },
    },
    logger,
  );

  it('finds methods case-insensitively and awaits promises', async () => {
    assert.deepEqual(await dispatcher.invoke(caller, 'add', [1, 2]), { result: 3 });
    assert.deepEqual(await dispatcher.invoke(caller, 'LATER', ['x']), { result: 'x' });
    assert.deepEqual(await dispatcher.invoke(caller, 'WhoAmI', []), { result: 'u1' });
  });

  it('answers an unknown method with an error', async () => {
    assert.deepEqual(await dispatcher.invoke(caller, 'Nope', []), {
      error: "Unknown hub method 'Nope'",
    });
    assert.deepEqual(await dispatcher.invoke(caller, 'constructor', []), {
      error: "Unknown hub method 'constructor'",
    });
  });

  it("passes a HubError's message on, and hides any other exception", async () => {
    assert.deepEqual(await dispatcher.invoke(caller, 'Refuse', []), { error: 'Album not found' });
    logged.length = 0;
    for (const target of ['Break', 'BreakLater', 'RefuseSilently']) {
      assert.deepEqual(await dispatcher.invoke(caller, target, []), {
        error: `An unexpected error occurred invoking '${target}' on the server.`,
      });
    }
    assert.equal(logged.length, 3);
  });
});
