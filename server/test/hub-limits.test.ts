/**
 * Issue 15, finding 6: a budget for unsent hub data across connections, a cap on one
 * user's pending negotiations, error details that never echo a large input whole.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import {
  call,
  eventually,
  login,
  seedAlbumIds,
  startBackend,
  users,
  type TestBackend,
} from './helpers.ts';

const RS = '\u001e';
const ignore = (): void => undefined;
const quiet = { debug: ignore, warn: ignore, error: ignore };
const negotiatePath = '/hubs/notification/negotiate?negotiateVersion=1';

/** A hub member over a raw WebSocket: negotiated, handshaken, in the album's group. */
async function joinAlbum(backend: TestBackend, token: string, albumId: string): Promise<WebSocket> {
  const negotiated = await call(backend.url, 'POST', negotiatePath, { token });
  const socket = new WebSocket(
    `${backend.url.replace('http', 'ws')}/hubs/notification?id=${negotiated.body.connectionToken}&access_token=${token}`,
  );
  let received = '';
  socket.on('message', (data: Buffer) => (received += data.toString('utf8')));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(`{"protocol":"json","version":1}${RS}`);
  socket.send(
    `{"type":1,"invocationId":"1","target":"JoinAlbumGroup","arguments":["${albumId}"]}${RS}`,
  );
  await eventually(() => received.includes('"invocationId":"1"'));
  return socket;
}

/** Stops reading a member's socket: what is sent to it piles up in the kernel, then in the process. */
const stopReading = (socket: WebSocket): void =>
  (socket as unknown as { _socket: { pause(): void } })._socket.pause();

/** A reader that keeps up, in the album's group; counts what it read. */
async function reader(backend: TestBackend, token: string, albumId: string) {
  const socket = await joinAlbum(backend, token, albumId);
  const read = { bytes: 0, socket };
  socket.on('message', (data: Buffer) => (read.bytes += data.length));
  return read;
}

describe('hub memory budget', () => {
  let backend: TestBackend;
  before(async () => {
    backend = await startBackend({
      hub: { maxTotalUnsentBytes: 2 * 1024 * 1024, logger: quiet },
    });
  });
  after(() => backend.close());

  it('cuts the slowest readers first once all unsent output is over the budget', async () => {
    const token = (await login(backend.url, users.an)).accessToken;
    const albumId = seedAlbumIds['food']!;
    const group = `album_${albumId}`;
    const read = await reader(backend, token, albumId);
    const slow = await Promise.all([1, 2, 3].map(() => joinAlbum(backend, token, albumId)));
    for (const socket of slow) stopReading(socket);
    assert.equal(backend.hub.connectionCount(), 4);

    // 12 MB for each member: under the 16 MiB a single connection may hold, far over the budget.
    const chunk = 'x'.repeat(60_000);
    for (let i = 0; i < 200; i++) {
      backend.hub.sendToGroup(group, 'Bulk', [chunk]);
      if (i % 20 === 19) await sleep(50);
    }
    await eventually(() => backend.hub.connectionCount() === 1, 15_000);
    assert.equal(read.socket.readyState, WebSocket.OPEN, 'the reader keeps its connection');
    await eventually(() => read.bytes >= 200 * 60_000, 15_000);
    read.socket.close();
    for (const socket of slow) socket.terminate();
  });
});

describe('a member that falls behind (issue 20)', () => {
  let backend: TestBackend;
  before(async () => {
    backend = await startBackend({ hub: { maxMemberLagMs: 1_000, logger: quiet } });
  });
  after(() => backend.close());

  it('is cut once its output stayed backed up for maxMemberLagMs, far under every byte budget; the others go on', async () => {
    const token = (await login(backend.url, users.an)).accessToken;
    const albumId = seedAlbumIds['food']!;
    const group = `album_${albumId}`;
    const read = await reader(backend, token, albumId);
    const stalled = await joinAlbum(backend, token, albumId);
    stopReading(stalled);
    const closed = new Promise<number>((resolve) => stalled.once('close', resolve));

    // 8 MB: more than the kernel takes in, half of what one connection may hold.
    const chunk = 'x'.repeat(60_000);
    for (let i = 0; i < 140; i++) backend.hub.sendToGroup(group, 'Bulk', [chunk]);
    await eventually(() => read.bytes >= 140 * 60_000, 10_000);
    const startedAt = Date.now();
    await eventually(() => backend.hub.groupSize(group) === 1, 10_000);
    assert.ok(Date.now() - startedAt < 5_000);
    (stalled as unknown as { _socket: { resume(): void } })._socket.resume();
    assert.equal(await closed, 1006, 'cut without a Close message: the client reconnects');
    assert.equal(read.socket.readyState, WebSocket.OPEN, 'the reader keeps its connection');
    read.socket.close();
  });
});

describe('pending negotiations', () => {
  let backend: TestBackend;
  before(async () => {
    backend = await startBackend({
      hub: { maxPendingConnectionsPerUser: 5, logger: quiet },
    });
  });
  after(() => backend.close());

  it('one user may hold only so many negotiated connections without a transport', async () => {
    const an = (await login(backend.url, users.an)).accessToken;
    const binh = (await login(backend.url, users.binh)).accessToken;
    for (let i = 0; i < 5; i++)
      assert.equal((await call(backend.url, 'POST', negotiatePath, { token: an })).status, 200);
    const refused = await call(backend.url, 'POST', negotiatePath, { token: an });
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.equal(
      (await call(backend.url, 'POST', negotiatePath, { token: binh })).status,
      200,
      'another user is not limited',
    );
  });
});

describe('error details', () => {
  let backend: TestBackend;
  before(async () => {
    backend = await startBackend();
  });
  after(() => backend.close());

  it('never echo more than a short excerpt of a large input', async () => {
    const token = (await login(backend.url, users.an)).accessToken;
    const huge = 'A'.repeat(900_000);
    const answers = [
      await call(backend.url, 'PUT', `/api/v1/albums/${seedAlbumIds['food']}/state`, {
        token,
        body: { trigger: huge },
      }),
      await call(backend.url, 'POST', `/api/dev/albums/${seedAlbumIds['food']}/client`, {
        body: { trigger: huge },
      }),
      await call(backend.url, 'GET', `/api/v1/${'B'.repeat(8000)}`, { token }),
    ];
    for (const answer of answers) {
      assert.ok(answer.status >= 400 && answer.status < 500, String(answer.status));
      assert.ok(
        answer.body.detail.length <= 300,
        `detail of ${answer.body.detail.length} characters`,
      );
    }
    assert.match(answers[0]!.body.detail, /Unknown trigger "A+…"\. Triggers: /);
  });
});
