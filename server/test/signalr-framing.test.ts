import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  RECORD_SEPARATOR,
  RecordTooLargeError,
  TextMessageParser,
  writeRecord,
} from '../src/signalr/framing/text-message-format.ts';
import {
  OPENING_COMMENT,
  encodeServerSentEvent,
} from '../src/signalr/framing/server-sent-events-format.ts';
import { OutgoingPayload } from '../src/signalr/framing/outgoing-payload.ts';
import { encodeWebSocketTextFrame } from '../src/signalr/framing/websocket-frame.ts';
import { redactUrl } from '../src/signalr/logging.ts';

const RS = '\u001e';

describe('text message format', () => {
  it('ends every record with 0x1E', () => {
    assert.equal(RECORD_SEPARATOR, RS);
    assert.equal(writeRecord('{"type":6}'), `{"type":6}${RS}`);
  });

  it('returns every record of a frame that holds several', () => {
    const parser = new TextMessageParser();
    assert.deepEqual(parser.push(`{"a":1}${RS}{"b":2}${RS}{"c":3}${RS}`), [
      '{"a":1}',
      '{"b":2}',
      '{"c":3}',
    ]);
    assert.equal(parser.hasPartialRecord, false);
  });

  it('keeps a record split across frames until its separator arrives', () => {
    const parser = new TextMessageParser();
    assert.deepEqual(parser.push('{"type":1,"tar'), []);
    assert.equal(parser.hasPartialRecord, true);
    assert.deepEqual(parser.push('get":"Echo","arguments":'), []);
    assert.deepEqual(parser.push(`[]}${RS}{"type"`), ['{"type":1,"target":"Echo","arguments":[]}']);
    assert.deepEqual(parser.push(`:6}${RS}`), ['{"type":6}']);
    assert.equal(parser.hasPartialRecord, false);
  });

  it('splits a frame that ends in the middle of a second record', () => {
    const parser = new TextMessageParser();
    assert.deepEqual(parser.push(`{"a":1}${RS}{"b"`), ['{"a":1}']);
    assert.deepEqual(parser.push(`:2}${RS}`), ['{"b":2}']);
  });

  it('keeps empty records (two separators in a row) for the protocol to refuse', () => {
    assert.deepEqual(new TextMessageParser().push(`${RS}${RS}`), ['', '']);
  });

  it('refuses a record longer than the limit, complete or partial', () => {
    assert.throws(
      () => new TextMessageParser(10).push(`${'x'.repeat(11)}${RS}`),
      RecordTooLargeError,
    );
    assert.throws(() => new TextMessageParser(10).push('x'.repeat(11)), RecordTooLargeError);
    const parser = new TextMessageParser(10);
    parser.push('x'.repeat(6));
    assert.throws(() => parser.push('x'.repeat(6)), RecordTooLargeError);
    assert.deepEqual(new TextMessageParser(10).push(`${'x'.repeat(10)}${RS}`), ['x'.repeat(10)]);
  });
});

describe('Server-Sent Events encoding', () => {
  it('opens the stream with a comment line', () => {
    assert.equal(OPENING_COMMENT, ':\n');
  });

  it('makes a one-line payload one data line and a blank line', () => {
    assert.equal(encodeServerSentEvent(`{}${RS}`), `data: {}${RS}\n\n`);
  });

  it('keeps several records in one event', () => {
    assert.equal(
      encodeServerSentEvent(`{"type":6}${RS}{"type":6}${RS}`),
      `data: {"type":6}${RS}{"type":6}${RS}\n\n`,
    );
  });

  it('gives each line of a multi-line payload its own data line', () => {
    assert.equal(encodeServerSentEvent('a\nb\r\nc\rd'), 'data: a\ndata: b\ndata: c\ndata: d\n\n');
    assert.equal(encodeServerSentEvent('end\n'), 'data: end\ndata: \n\n');
  });

  it('encodes a payload once per encoding, however many clients receive it', () => {
    const payload = new OutgoingPayload(`{"type":6}${RS}`);
    assert.equal(payload.utf8, payload.utf8);
    assert.equal(payload.serverSentEvent, payload.serverSentEvent);
    assert.equal(payload.serverSentEvent.toString(), `data: {"type":6}${RS}\n\n`);
    assert.equal(new OutgoingPayload('é').utf8.length, 2);
  });
});

describe('WebSocket text frames', () => {
  it('writes a final, unmasked text frame with the shortest length encoding', () => {
    assert.deepEqual(
      [...encodeWebSocketTextFrame(Buffer.from('{}\u001e'))],
      [0x81, 3, 0x7b, 0x7d, 0x1e],
    );
    assert.deepEqual([...encodeWebSocketTextFrame(Buffer.alloc(0))], [0x81, 0]);
    assert.deepEqual([...encodeWebSocketTextFrame(Buffer.alloc(125)).subarray(0, 2)], [0x81, 125]);
    assert.deepEqual(
      [...encodeWebSocketTextFrame(Buffer.alloc(126)).subarray(0, 4)],
      [0x81, 126, 0, 126],
    );
    assert.deepEqual(
      [...encodeWebSocketTextFrame(Buffer.alloc(65_535)).subarray(0, 4)],
      [0x81, 126, 0xff, 0xff],
    );
    assert.deepEqual(
      [...encodeWebSocketTextFrame(Buffer.alloc(65_536)).subarray(0, 10)],
      [0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0],
    );
  });

  it('frames several records back to back as one frame, its length their sum', () => {
    const records = [`{"a":1}${RS}`, `{"b":"é"}${RS}`].map((text) => Buffer.from(text));
    const frame = encodeWebSocketTextFrame(records);
    assert.deepEqual([...frame.subarray(0, 2)], [0x81, 8 + 11]);
    assert.equal(frame.subarray(2).toString(), `{"a":1}${RS}{"b":"é"}${RS}`);
    const large = encodeWebSocketTextFrame([Buffer.alloc(65_000, 1), Buffer.alloc(536, 2)]);
    assert.deepEqual([...large.subarray(0, 10)], [0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
    assert.equal(large[10 + 64_999], 1);
    assert.equal(large[10 + 65_000], 2);
    assert.equal(large.length, 10 + 65_536);
  });
});

describe('log redaction', () => {
  it('hides bearer and connection tokens in URLs', () => {
    assert.equal(
      redactUrl('/hubs/x?id=abc_-1&access_token=eyJ.secret.sig&_=17'),
      '/hubs/x?id=redacted&access_token=redacted&_=17',
    );
    assert.equal(redactUrl('/hubs/x?ACCESS_TOKEN=s3cret'), '/hubs/x?ACCESS_TOKEN=redacted');
    assert.equal(redactUrl(undefined), '');
  });
});
