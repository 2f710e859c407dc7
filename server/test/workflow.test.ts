import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  call,
  login,
  seedDriveFolderIds,
  startBackend,
  users,
  waitForSyncEnd,
  type TestBackend,
} from './helpers.ts';

/** CONTRACT §3, written out independently of the implementation. */
const contract = {
  SyncRawTag: { from: ['Init'], to: 'Raw', by: 'Photographer', sync: true },
  SyncStockTag: { from: ['Raw'], to: 'Stock', by: 'Photographer', sync: true },
  Rate: { from: ['Stock'], to: 'Rate', by: 'Client', sync: false },
  ConfirmRate: { from: ['Rate'], to: 'Retouch', by: 'Photographer', sync: true },
  FinishRetouch: { from: ['Retouch', 'Revision'], to: 'Feedback', by: 'Photographer', sync: true },
  RequestRevision: { from: ['Feedback'], to: 'Revision', by: 'Client', sync: false },
  ConfirmFeedback: { from: ['Feedback'], to: 'Approved', by: 'Client', sync: false },
  Finish: { from: ['Approved'], to: 'Final', by: 'Photographer', sync: true },
  Close: { from: ['Final'], to: 'Closed', by: 'Admin', sync: false },
} as const;
type Trigger = keyof typeof contract;
const states = [
  'Init',
  'Raw',
  'Stock',
  'Rate',
  'Retouch',
  'Feedback',
  'Revision',
  'Approved',
  'Final',
  'Closed',
] as const;
type State = (typeof states)[number];
type ActorName = 'chi' | 'an' | 'client';
const policies: Record<ActorName, readonly string[]> = {
  chi: ['Photographer'],
  an: ['Photographer', 'Admin'],
  client: ['Client'],
};

const smallFolderUrl = `https://drive.google.com/drive/folders/${seedDriveFolderIds['small-set']}`;
const retouchFolderUrl = `https://drive.google.com/drive/folders/${seedDriveFolderIds['quick-shoot']}`;

describe('the workflow (CONTRACT §3)', () => {
  let backend: TestBackend;
  let tokens: Record<'chi' | 'an' | 'binh', string>;

  before(async () => {
    backend = await startBackend({ syncPhotosPerSecond: 50_000 });
    tokens = {
      chi: (await login(backend.url, users.chi)).accessToken,
      an: (await login(backend.url, users.an)).accessToken,
      binh: (await login(backend.url, users.binh)).accessToken,
    };
  });
  after(() => backend.close());

  /** Fires a trigger as a studio member (PUT state) or as the client (dev tool). */
  const fire = (actor: ActorName, albumId: string, trigger: string, extra: object = {}) =>
    actor === 'client'
      ? call(backend.url, 'POST', `/api/dev/albums/${albumId}/client`, {
          body: { trigger, ...extra },
        })
      : call(backend.url, 'PUT', `/api/v1/albums/${albumId}/state`, {
          token: tokens[actor],
          body: { trigger, ...extra },
        });

  const getAlbum = async (albumId: string) =>
    (await call(backend.url, 'GET', `/api/v1/albums/${albumId}`, { token: tokens.an })).body;

  /** Fires and, for a syncing trigger, waits for the state to change. */
  async function step(actor: ActorName, albumId: string, trigger: Trigger, extra: object = {}) {
    const response = await fire(actor, albumId, trigger, extra);
    assert.ok([200, 202].includes(response.status), `${trigger}: ${JSON.stringify(response.body)}`);
    const album = await waitForSyncEnd(backend.url, tokens.an, albumId);
    assert.equal(
      album.state,
      contract[trigger].to,
      `${trigger} should reach ${contract[trigger].to}`,
    );
  }

  /** A new Studio An album (12 photos), driven to `state` through the workflow. */
  async function albumIn(state: State): Promise<string> {
    const created = await call(backend.url, 'POST', '/api/v1/albums', {
      token: tokens.chi,
      body: { name: `In ${state}`, rawFolderUrl: smallFolderUrl },
    });
    assert.equal(created.status, 201);
    const id: string = created.body.id;
    const path: [ActorName, Trigger][] = [
      ['chi', 'SyncRawTag'],
      ['chi', 'SyncStockTag'],
      ['client', 'Rate'],
      ['chi', 'ConfirmRate'],
      ['chi', 'FinishRetouch'],
      state === 'Revision' ? ['client', 'RequestRevision'] : ['client', 'ConfirmFeedback'],
      ['chi', 'Finish'],
      ['an', 'Close'],
    ];
    for (const [actor, trigger] of path) {
      if ((await getAlbum(id)).state === state) break;
      if (trigger === 'FinishRetouch') {
        const retouch = (await getAlbum(id)).tags.find(
          (tag: { type: string }) => tag.type === 'Retouch',
        );
        await call(backend.url, 'PUT', `/api/v1/albums/${id}/tags/${retouch.id}/url`, {
          token: tokens.chi,
          body: { url: retouchFolderUrl },
        });
      }
      if (trigger === 'Rate') {
        const stock = (await getAlbum(id)).tags.find(
          (tag: { type: string }) => tag.type === 'Stock',
        );
        const photos = await call(
          backend.url,
          'GET',
          `/api/v1/albums/${id}/tags/${stock.id}/photos`,
          {
            token: tokens.chi,
          },
        );
        await step(actor, id, trigger, {
          votes: photos.body.items.slice(0, 3).map((photo: { id: string }) => photo.id),
        });
        continue;
      }
      await step(actor, id, trigger);
      if (states.indexOf((await getAlbum(id)).state) > states.indexOf(state)) break;
    }
    // Retouch is reached with the Retouch tag unlinked (FinishRetouch's guard refuses).
    assert.equal((await getAlbum(id)).state, state);
    return id;
  }

  for (const state of states) {
    describe(`from ${state}`, () => {
      let refusals: string;
      before(async () => {
        refusals = await albumIn(state);
      });

      for (const [trigger, rule] of Object.entries(contract) as [
        Trigger,
        (typeof contract)[Trigger],
      ][]) {
        it(`${trigger} by the photographer, the org admin and the client`, async () => {
          for (const actor of ['chi', 'an', 'client'] as const) {
            const allowed = policies[actor].includes(rule.by);
            const possible = (rule.from as readonly string[]).includes(state);
            const guarded = trigger === 'FinishRetouch' && state === 'Retouch'; // no Retouch folder yet
            if (!allowed) {
              const response = await fire(actor, refusals, trigger);
              assert.equal(response.status, 403, `${actor} ${trigger} from ${state}`);
              assert.equal(response.body.code, 'FORBIDDEN');
            } else if (!possible) {
              const response = await fire(actor, refusals, trigger);
              assert.equal(response.status, 409, `${actor} ${trigger} from ${state}`);
              assert.equal(response.body.code, 'ALBUM_103A');
              assert.equal(response.body.detail, `Cannot transition from ${state} to ${rule.to}`);
            } else if (guarded) {
              const response = await fire(actor, refusals, trigger);
              assert.equal(response.status, 409);
              assert.equal(response.body.code, 'ALBUM_102A');
              assert.match(response.body.detail, /Retouch tag has no Drive folder/);
            } else {
              const albumId = await albumIn(state);
              const response = await fire(actor, albumId, trigger);
              assert.equal(
                response.status,
                rule.sync ? 202 : 200,
                `${actor} ${trigger} from ${state}`,
              );
              assert.equal(response.body.id, albumId);
              if (rule.sync) {
                assert.equal(
                  response.body.state,
                  state,
                  'a syncing trigger changes the state at completion',
                );
                assert.notEqual(response.body.sync, null);
              } else {
                assert.equal(response.body.state, rule.to);
              }
              const done = await waitForSyncEnd(backend.url, tokens.an, albumId);
              assert.equal(done.state, rule.to);
            }
          }
          assert.equal((await getAlbum(refusals)).state, state, 'refusals change nothing');
        });
      }
    });
  }

  it('FinishRetouch from Retouch works once the Retouch tag has a folder', async () => {
    const albumId = await albumIn('Retouch');
    const retouch = (await getAlbum(albumId)).tags.find(
      (tag: { type: string }) => tag.type === 'Retouch',
    );
    assert.equal(retouch.status, 'Pending');
    assert.equal(retouch.link, null);
    const linked = await call(
      backend.url,
      'PUT',
      `/api/v1/albums/${albumId}/tags/${retouch.id}/url`,
      {
        token: tokens.chi,
        body: { url: retouchFolderUrl },
      },
    );
    assert.equal(linked.status, 200);
    assert.equal(linked.body.link, retouchFolderUrl);
    await step('chi', albumId, 'FinishRetouch');
    const after = await getAlbum(albumId);
    const synced = after.tags.find((tag: { type: string }) => tag.type === 'Retouch');
    assert.equal(synced.status, 'Ready');
    assert.equal(synced.photoCount, 60);
  });

  it("counts an album's photos once, as shot (its Raw tag's), in the list and the album alike", async () => {
    const albumId = await albumIn('Final');
    const album = await getAlbum(albumId);
    const raw = album.tags.find((tag: { type: string }) => tag.type === 'Raw');
    // Raw 12, Stock 12 (the Raw photos processed), Rate 3 (picks), Retouch and Final 60:
    // a photographer shot 12 photos, not 87.
    assert.equal(album.photoCount, raw.photoCount);
    assert.equal(album.photoCount, 12);
    const listed = await call(
      backend.url,
      'GET',
      `/api/v1/albums?search=${encodeURIComponent('In Final')}&pageSize=100`,
      { token: tokens.an },
    );
    const row = listed.body.items.find((item: { id: string }) => item.id === albumId);
    assert.equal(row.photoCount, album.photoCount);
  });

  it('creates the tags of each stage, the Rate tag holding the picked Stock photos themselves', async () => {
    const albumId = await albumIn('Final');
    const album = await getAlbum(albumId);
    assert.deepEqual(
      album.tags.map((tag: { type: string; status: string }) => `${tag.type}:${tag.status}`),
      ['Raw:Ready', 'Stock:Ready', 'Rate:Ready', 'Retouch:Ready', 'Final:Ready'],
    );
    const byType = Object.fromEntries(album.tags.map((tag: { type: string }) => [tag.type, tag]));
    assert.equal(byType.Raw.photoCount, 12);
    assert.equal(byType.Stock.photoCount, 12);
    assert.equal(byType.Rate.photoCount, 3);
    assert.equal(byType.Final.photoCount, 60);
    const folderIds = new Set(album.tags.map((tag: { folderId: string }) => tag.folderId));
    assert.equal(folderIds.size, 5, 'one storage folder per tag');
    const photos = async (tagId: string) =>
      (
        await call(
          backend.url,
          'GET',
          `/api/v1/albums/${albumId}/tags/${tagId}/photos?pageSize=100`,
          { token: tokens.an },
        )
      ).body.items;
    const stock = await photos(byType.Stock.id);
    const rate = await photos(byType.Rate.id);
    assert.deepEqual(
      rate.map((photo: { id: string }) => photo.id),
      stock
        .filter((photo: { voted: boolean }) => photo.voted)
        .map((photo: { id: string }) => photo.id),
    );
    assert.ok(
      rate.every(
        (photo: { voted: boolean; albumTagId: string }) =>
          photo.voted && photo.albumTagId === byType.Stock.id,
      ),
    );
  });

  it('lists the transitions out of the current state with canExecute and the reason', async () => {
    const transitions = async (albumId: string, who: 'chi' | 'an') =>
      (
        await call(backend.url, 'GET', `/api/v1/albums/${albumId}/transitions`, {
          token: tokens[who],
        })
      ).body;
    const stock = await albumIn('Stock');
    assert.deepEqual(await transitions(stock, 'chi'), [
      {
        trigger: 'Rate',
        targetState: 'Rate',
        executableBy: 'Client',
        canExecute: false,
        reason: 'Waiting for the client',
      },
    ]);
    const raw = await albumIn('Raw');
    assert.deepEqual(await transitions(raw, 'chi'), [
      {
        trigger: 'SyncStockTag',
        targetState: 'Stock',
        executableBy: 'Photographer',
        canExecute: true,
      },
    ]);
    const final = await albumIn('Final');
    const forChi = await transitions(final, 'chi');
    assert.equal(forChi[0].canExecute, false);
    assert.match(forChi[0].reason, /admin/i);
    assert.deepEqual(await transitions(final, 'an'), [
      { trigger: 'Close', targetState: 'Closed', executableBy: 'Admin', canExecute: true },
    ]);
    const feedback = await albumIn('Feedback');
    assert.deepEqual(
      (await transitions(feedback, 'an')).map((t: { trigger: string }) => t.trigger),
      ['RequestRevision', 'ConfirmFeedback'],
    );
    const retouch = await albumIn('Retouch');
    const [finishRetouch] = await transitions(retouch, 'chi');
    assert.equal(finishRetouch.canExecute, false);
    assert.equal(finishRetouch.reason, 'The Retouch tag has no Drive folder');
    assert.deepEqual(await transitions(await albumIn('Closed'), 'an'), []);
  });

  it('refuses SyncStockTag while the Raw tag is not Ready (ALBUM_102A), and explains why', async () => {
    const albumId = await albumIn('Raw');
    const raw = (await getAlbum(albumId)).tags.find((tag: { type: string }) => tag.type === 'Raw');
    const resync = await call(backend.url, 'POST', `/api/v1/storage/folders/${raw.folderId}/sync`, {
      token: tokens.chi,
      body: { failAtPhoto: 5 },
    });
    assert.equal(resync.status, 202);
    const failed = await waitForSyncEnd(backend.url, tokens.an, albumId);
    assert.equal(failed.tags.find((tag: { type: string }) => tag.type === 'Raw').status, 'Failed');
    const refused = await fire('chi', albumId, 'SyncStockTag');
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'ALBUM_102A');
    assert.match(refused.body.detail, /The Raw tag is not Ready/);
    const transitions = await call(backend.url, 'GET', `/api/v1/albums/${albumId}/transitions`, {
      token: tokens.chi,
    });
    assert.deepEqual(transitions.body[0], {
      trigger: 'SyncStockTag',
      targetState: 'Stock',
      executableBy: 'Photographer',
      canExecute: false,
      reason: 'The Raw tag is not Ready',
    });
    assert.equal((await getAlbum(albumId)).tags.length, 1, 'no Stock tag was created');
  });

  it('answers 400 to an unknown trigger or a malformed body, before anything else', async () => {
    const albumId = await albumIn('Init');
    for (const body of [
      { trigger: 'Publish' },
      { trigger: 'syncrawtag' },
      {},
      { trigger: 7 },
      { trigger: 'SyncRawTag', failAtPhoto: -1 },
      { trigger: 'SyncRawTag', photosPerSecond: 'fast' },
    ]) {
      const response = await call(backend.url, 'PUT', `/api/v1/albums/${albumId}/state`, {
        token: tokens.chi,
        body,
      });
      assert.equal(response.status, 400, JSON.stringify(body));
    }
    const client = await fire('client', albumId, 'Publish');
    assert.equal(client.status, 400);
    assert.equal((await getAlbum(albumId)).state, 'Init');
  });

  it('applies the client votes only when its trigger goes through', async () => {
    const albumId = await albumIn('Stock');
    const stock = (await getAlbum(albumId)).tags.find(
      (tag: { type: string }) => tag.type === 'Stock',
    );
    const [first] = (
      await call(backend.url, 'GET', `/api/v1/albums/${albumId}/tags/${stock.id}/photos`, {
        token: tokens.chi,
      })
    ).body.items;
    const unknownPhoto = '00000000-0000-4000-8000-000000000000';
    const refused = await fire('client', albumId, 'Rate', { votes: [first.id, unknownPhoto] });
    assert.equal(refused.status, 400);
    const again = (
      await call(backend.url, 'GET', `/api/v1/albums/${albumId}/tags/${stock.id}/photos`, {
        token: tokens.chi,
      })
    ).body.items[0];
    assert.equal(again.voted, false, 'nothing half-applied');
    assert.equal((await getAlbum(albumId)).state, 'Stock');
    const wrongState = await fire('client', albumId, 'ConfirmFeedback', { votes: [first.id] });
    assert.equal(wrongState.status, 409);
    const stillUnvoted = (
      await call(backend.url, 'GET', `/api/v1/albums/${albumId}/tags/${stock.id}/photos`, {
        token: tokens.chi,
      })
    ).body.items[0];
    assert.equal(stillUnvoted.voted, false);
  });

  it('the client tool answers 404 for an unknown album', async () => {
    const response = await fire('client', '00000000-0000-4000-8000-000000000000', 'Rate');
    assert.equal(response.status, 404);
    assert.equal(response.body.code, 'ALBUM_101A');
  });
});
