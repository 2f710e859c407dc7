/**
 * The dev backend's publisher to the ASP.NET Core hub, against a stand-in for the hub's
 * internal endpoints (the real hub is driven by aspnetcore-hub.test.ts).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { albumEvent } from '../src/photoflow/events.ts';
import { HubPublisher, maxPublishBatch } from '../src/photoflow/hub-publisher.ts';
import { eventually } from './helpers.ts';

interface Received {
  readonly path: string;
  readonly key: string | undefined;
  readonly batchId: string | undefined;
  readonly body: unknown;
}

const key = 'the-publish-key-0123';
const album = '0a0a0a0a-0000-4000-8000-000000000001';
const started = (n: number) => albumEvent.syncStarted(album, n % 2 ? 'Raw' : 'Stock');
const message = (event: { payload: unknown }) => (event.payload as { message: string }).message;

describe('HubPublisher', () => {
  let server: Server;
  let url: string;
  let received: Received[];
  /** Status of each next publish answer (default 200); a delay (ms) holds an answer. */
  let answers: { status: number; delayMs?: number }[];
  let warnings: string[];
  let publisher: HubPublisher;

  before(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      req.on('end', async () => {
        received.push({
          path: req.url ?? '',
          key: req.headers['x-hub-publish-key'] as string | undefined,
          batchId: req.headers['x-hub-batch-id'] as string | undefined,
          body: text ? JSON.parse(text) : undefined,
        });
        const answer = req.url === '/internal/publish' ? answers.shift() : undefined;
        if (answer?.delayMs) await sleep(answer.delayMs);
        const status = answer?.status ?? 200;
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(req.url === '/internal/emit' ? { group: 'g', recipients: 2 } : {}));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    received = [];
    answers = [];
    warnings = [];
    publisher = new HubPublisher({
      urls: [url],
      key,
      warn: (line) => warnings.push(line),
      retryDelaysMs: [10, 10],
    });
  });

  after(async () => {
    await publisher.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const batches = () =>
    received
      .filter((request) => request.path === '/internal/publish')
      .map((request) =>
        (request.body as { payload: { message: string } }[]).map((e) => e.payload.message),
      );

  it('sends the events of one turn in one POST, in order, with the key, leaving type and timestamp to the hub', async () => {
    const events = [started(1), started(2), started(3)];
    for (const event of events) publisher.publish(event);
    await publisher.flush();
    assert.equal(received.length, 1);
    assert.equal(received[0]?.key, key);
    assert.deepEqual(received[0]?.body, [
      { target: 'AlbumSyncStarted', payload: { albumId: album, message: message(events[0]!) } },
      { target: 'AlbumSyncStarted', payload: { albumId: album, message: message(events[1]!) } },
      { target: 'AlbumSyncStarted', payload: { albumId: album, message: message(events[2]!) } },
    ]);
  });

  it('keeps one POST in flight; what is published meanwhile leaves together in the next', async () => {
    answers = [{ status: 200, delayMs: 100 }];
    publisher.publish(albumEvent.syncError(album, 'a'));
    await eventually(() => received.length === 1);
    for (const text of ['b', 'c', 'd']) {
      publisher.publish(albumEvent.syncError(album, text));
      await sleep(5); // separate turns
    }
    await publisher.flush();
    assert.deepEqual(batches(), [['a'], ['b', 'c', 'd']]);
  });

  it(`a backlog leaves in POSTs of up to ${maxPublishBatch} events, in order`, async () => {
    assert.equal(maxPublishBatch, 2000);
    answers = [{ status: 200, delayMs: 100 }];
    publisher.publish(albumEvent.syncError(album, 'first'));
    await eventually(() => received.length === 1);
    const backlog = Array.from({ length: 4500 }, (_, index) => String(index));
    for (const text of backlog) publisher.publish(albumEvent.syncError(album, text));
    await publisher.flush();
    assert.deepEqual(
      batches().map((batch) => batch.length),
      [1, 2000, 2000, 500],
    );
    assert.deepEqual(batches().slice(1).flat(), backlog);
  });

  it('retries a batch that met a 5xx, later events waiting behind it', async () => {
    answers = [{ status: 503 }];
    publisher.publish(albumEvent.syncError(album, 'a'));
    // At least the first attempt; its retry may already be through on a busy machine.
    await eventually(() => received.length >= 1);
    publisher.publish(albumEvent.syncError(album, 'b'));
    await publisher.flush();
    assert.deepEqual(batches(), [['a'], ['a'], ['b']]);
    assert.deepEqual(warnings, []);
  });

  it('drops a batch after its retries, or at once on a 4xx, saying so without the key', async () => {
    answers = [{ status: 500 }, { status: 500 }, { status: 500 }];
    publisher.publish(albumEvent.syncError(album, 'a'));
    await publisher.flush();
    answers = [{ status: 400 }];
    publisher.publish(albumEvent.syncError(album, 'b'));
    await publisher.flush();
    publisher.publish(albumEvent.syncError(album, 'c'));
    await publisher.flush();
    assert.deepEqual(batches(), [['a'], ['a'], ['a'], ['b'], ['c']]);
    assert.equal(warnings.length, 2);
    assert.match(
      warnings[0]!,
      /dropped 1 event\(s\) after 3 attempt\(s\): POST http:\S+\/internal\/publish answered 500/,
    );
    assert.match(
      warnings[1]!,
      /dropped 1 event\(s\) after 1 attempt\(s\): POST http:\S+\/internal\/publish answered 400/,
    );
    assert.ok(warnings.every((line) => !line.includes(key)));
  });

  it('every batch carries an id, kept by its retries (a 5xx, a timeout): the hub delivers an id once', async () => {
    const patient = new HubPublisher({
      urls: [url],
      key,
      warn: (line) => warnings.push(line),
      retryDelaysMs: [10, 10],
      timeoutMs: 100,
    });
    // The first answer comes after the timeout (the hub did get it), the second is a 503.
    answers = [{ status: 200, delayMs: 300 }, { status: 503 }];
    patient.publish(albumEvent.syncError(album, 'a'));
    await patient.flush();
    patient.publish(albumEvent.syncError(album, 'b'));
    await patient.flush();
    await patient.close();
    const ids = received.map((request) => request.batchId);
    assert.deepEqual(batches(), [['a'], ['a'], ['a'], ['b']]);
    assert.ok(
      ids.every((id) => id && /^[0-9a-f-]{36}$/.test(id)),
      String(ids),
    );
    assert.equal(new Set(ids.slice(0, 3)).size, 1, 'the retries keep the id');
    assert.notEqual(ids[3], ids[0], 'a new batch, a new id');
    assert.deepEqual(warnings, []);
  });

  it('with several instances, a failed attempt moves on to the next one, which stays in use', async () => {
    const failover = new HubPublisher({
      urls: ['http://127.0.0.1:1', url],
      key,
      warn: (line) => warnings.push(line),
      retryDelaysMs: [10, 10],
    });
    failover.publish(albumEvent.syncError(album, 'a'));
    await failover.flush();
    failover.publish(albumEvent.syncError(album, 'b'));
    await failover.flush();
    assert.deepEqual(await failover.emit(album, 'Anything', []), { group: 'g', recipients: 2 });
    await failover.close();
    assert.deepEqual(batches(), [['a'], ['b']]);
    assert.deepEqual(warnings, []);
  });

  it('sends the dev tools after the events published before them', async () => {
    answers = [{ status: 200, delayMs: 50 }];
    publisher.publish(albumEvent.syncError(album, 'a'));
    const emitted = await publisher.emit(album, 'Anything', [1, { two: 2 }]);
    await publisher.disconnectAll();
    assert.deepEqual(
      received.map((request) => request.path),
      ['/internal/publish', '/internal/emit', '/internal/disconnect-all'],
    );
    assert.deepEqual(received[1]?.body, {
      albumId: album,
      target: 'Anything',
      arguments: [1, { two: 2 }],
    });
    assert.deepEqual(emitted, { group: 'g', recipients: 2 });
  });

  it('a hub that is not there: the dev tool fails, and events are dropped after the retries', async () => {
    const nowhere = new HubPublisher({
      urls: ['http://127.0.0.1:1'],
      key,
      warn: (line) => warnings.push(line),
      retryDelaysMs: [5],
    });
    nowhere.publish(albumEvent.syncError(album, 'lost'));
    await nowhere.flush();
    assert.match(
      warnings[0] ?? '',
      /dropped 1 event\(s\) after 2 attempt\(s\): POST http:\S+\/internal\/publish failed/,
    );
    await assert.rejects(nowhere.disconnectAll(), /POST http:\S+\/internal\/disconnect-all failed/);
    await nowhere.close();
  });
});
