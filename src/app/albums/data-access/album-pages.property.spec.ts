import type { Action } from '@ngrx/store';
import fc from 'fast-check';
import type { AlbumSummary, HubEventName } from '../../api/models';
import { HubEventActions } from '../../realtime/notification-hub.actions';
import { LIST_PAGE_SIZE, idsInRange, pageOf, samePageMoment } from './album-pages';
import { AlbumFollowingActions, AlbumListPageActions, AlbumsApiActions } from './albums.actions';
import {
  albumsFeature,
  selectAlbumSlots,
  selectFollowedAlbumIds,
  selectListPagesToLoad,
  selectOpenViews,
  selectWantedListPages,
  type AlbumsState,
} from './albums.feature';
import { staleActions } from './invalidation';
import { selectListedAlbumSlots } from './listed-albums';
import { syncFeature } from './sync.feature';
import { clearSelectorOverrides } from './selectors.testing';

// The paged list under every order of events: a studio's albums change on the server
// (syncs start, end and move their album to the top, albums are created and deleted)
// while pages are asked for and answered late, at any moment between their request and
// their answer, hub events reach only the albums followed when they were sent, and the
// photographer scrolls. After every step the list shows no album twice and only pages of
// one moment side by side, and the sync map holds followed albums only; once the network
// settles, what is near the viewport is the server's list and exactly those albums are
// followed, each card saying whether its album syncs.

const env =
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const NUM_RUNS = Number(env['FC_RUNS']) || 1000;
const SEED = Number(env['FC_SEED']) || (env['CI'] ? 20_261_206 : Date.now() % 2_147_483_647);
const START_COUNT = LIST_PAGE_SIZE * 3 + 7;

interface ServerAlbum {
  readonly id: string;
  readonly modifiedAt: number;
  readonly syncing: boolean;
}

type HubAction = ReturnType<
  typeof HubEventActions.AlbumSyncStarted | typeof HubEventActions.AlbumSyncCompleted
>;

/** The server's albums, newest first, at every moment since the run began. */
class ListServer {
  now = 1_000_000;
  private next = 0;
  private albums: ServerAlbum[] = [];
  private readonly history: { at: number; list: readonly ServerAlbum[] }[] = [];

  constructor(count: number) {
    for (let n = 0; n < count; n++) this.albums.push(this.newAlbum(this.now - n * 1000));
    this.record();
  }

  private newAlbum(at: number): ServerAlbum {
    return { id: `album-${this.next++}`, modifiedAt: at, syncing: false };
  }

  private record(): void {
    this.albums.sort((a, b) => b.modifiedAt - a.modifiedAt || a.id.localeCompare(b.id));
    this.history.push({ at: this.now, list: [...this.albums] });
  }

  list(): readonly ServerAlbum[] {
    return this.albums;
  }

  listAt(moment: number): readonly ServerAlbum[] {
    let found = this.history[0];
    for (const entry of this.history) if (entry.at <= moment) found = entry;
    return found.list;
  }

  /** One change; the hub event it sends to the album's group, if any. */
  apply(operation: Operation): HubAction | null {
    this.now += 10;
    const index = operation.pick % Math.max(1, this.albums.length);
    const album = this.albums[index];
    const timestamp = new Date(this.now).toISOString();
    let event: HubAction | null = null;
    switch (operation.kind) {
      case 'startSync':
        if (!album || album.syncing) return null;
        this.albums[index] = { ...album, syncing: true };
        event = HubEventActions.AlbumSyncStarted({
          event: { albumId: album.id, message: '', timestamp },
        });
        break;
      case 'endSync':
        // A sync's end touches the album: it moves to the top of the list.
        if (!album || !album.syncing) return null;
        this.albums[index] = { ...album, syncing: false, modifiedAt: this.now };
        event = HubEventActions.AlbumSyncCompleted({
          event: { albumId: album.id, message: '', timestamp },
        });
        break;
      case 'create':
        this.albums.push(this.newAlbum(this.now));
        break;
      case 'delete':
        if (!album) return null;
        this.albums.splice(index, 1);
        break;
    }
    this.record();
    return event;
  }
}

const summary = (album: ServerAlbum): AlbumSummary => ({
  id: album.id,
  name: album.id,
  state: 'Raw',
  coverUrl: null,
  photoCount: 0,
  syncing: album.syncing,
  modifiedAt: new Date(album.modifiedAt).toISOString(),
});

interface Operation {
  readonly kind: 'startSync' | 'endSync' | 'create' | 'delete';
  readonly pick: number;
}

type Step =
  | { readonly kind: 'server'; readonly operation: Operation }
  | { readonly kind: 'deliver'; readonly count: number }
  | { readonly kind: 'ask'; readonly refresh: boolean }
  | { readonly kind: 'answer'; readonly pick: number; readonly at: number }
  | { readonly kind: 'scroll'; readonly first: number; readonly cards: number }
  | { readonly kind: 'leave' }
  | { readonly kind: 'back' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('server' as const),
      operation: fc.record({
        kind: fc.constantFrom('startSync', 'endSync', 'endSync', 'create', 'delete'),
        pick: fc.nat(),
      }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('deliver' as const),
      count: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('ask' as const), refresh: fc.boolean() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('answer' as const),
      pick: fc.nat(),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('scroll' as const),
      first: fc.nat({ max: START_COUNT + 10 }),
      cards: fc.integer({ min: 1, max: 30 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'leave' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'back' as const }) },
);

interface Pending {
  readonly pages: readonly number[];
  readonly issuedAt: number;
  readonly issued: number;
  readonly replay: Action[];
}

/** The app's side at the reducer's level: what the list effects and the hub would do. */
class World {
  readonly server = new ListServer(START_COUNT);
  state: AlbumsState = albumsFeature.reducer(undefined, { type: '@@init' });
  /** The sync feature beside it: whether an album syncs is its fact (listed-albums.ts). */
  sync = syncFeature.reducer(undefined, { type: '@@init' });
  readonly inTransit: { action: HubAction; albumId: string }[] = [];
  readonly pending: Pending[] = [];
  private issued = 0;
  followed = new Set<string>();
  /** A change made the list stale (album-list.effects.ts reads its pages again). */
  private listStale = false;
  shown = true;

  constructor() {
    this.dispatch(AlbumListPageActions.opened({ query: {} }));
    this.dispatch(AlbumListPageActions.rangeViewed({ first: 0, last: 11 }));
  }

  root() {
    return { albums: this.state, sync: this.sync };
  }

  dispatch(action: Action): void {
    if (action.type === AlbumFollowingActions.listStale.type) this.listStale = true;
    this.state = albumsFeature.reducer(this.state, action);
    this.sync = syncFeature.reducer(this.sync, action);
    // What following.effects.ts does: join the newly followed (each join makes what shows
    // the album stale: events before it were not ours), leave and evict the others.
    const now = new Set(selectFollowedAlbumIds(this.root()));
    const joined = [...now].filter((id) => !this.followed.has(id));
    const left = [...this.followed].filter((id) => !now.has(id));
    this.followed = now;
    for (const albumId of left) this.dispatch(AlbumFollowingActions.albumUnfollowed({ albumId }));
    for (const albumId of joined) this.stale('Joined', albumId);
  }

  private stale(cause: HubEventName | 'Joined', albumId: string): void {
    for (const action of staleActions(cause, albumId, selectOpenViews(this.root()))) {
      this.dispatch(action);
    }
  }

  run(step: Step): void {
    switch (step.kind) {
      case 'server': {
        const event = this.server.apply(step.operation);
        // The hub sends to the album's group: only a followed album's event is ours.
        if (event && this.followed.has(event.event.albumId)) {
          this.inTransit.push({ action: event, albumId: event.event.albumId });
        }
        break;
      }
      case 'deliver':
        for (const { action, albumId } of this.inTransit.splice(0, step.count)) {
          // The service drops the events of an album no longer followed.
          if (!this.followed.has(albumId)) continue;
          for (const request of this.pending) request.replay.push(action);
          this.dispatch(action);
          this.stale(
            action.type === HubEventActions.AlbumSyncStarted.type
              ? 'AlbumSyncStarted'
              : 'AlbumSyncCompleted',
            albumId,
          );
        }
        break;
      case 'ask':
        this.ask(step.refresh);
        break;
      case 'answer': {
        if (this.pending.length === 0) break;
        const request = this.pending[step.pick % this.pending.length];
        this.answer(request, request.issuedAt + step.at * (this.server.now - request.issuedAt));
        break;
      }
      case 'scroll':
        this.dispatch(
          AlbumListPageActions.rangeViewed({ first: step.first, last: step.first + step.cards }),
        );
        break;
      case 'leave':
        if (!this.shown) break;
        this.shown = false;
        this.dispatch(AlbumListPageActions.closed());
        break;
      case 'back':
        if (this.shown) break;
        this.shown = true;
        this.dispatch(AlbumListPageActions.opened({ query: {} }));
        break;
    }
  }

  /** What album-list.effects.ts asks: the missing wanted pages, or a refresh of the loaded ones. */
  ask(refresh: boolean): void {
    if (refresh) this.listStale = false;
    const pages = refresh
      ? selectWantedListPages(this.root()).filter((page) => this.state.pages[page])
      : selectListPagesToLoad(this.root());
    if (pages.length === 0) return;
    this.pending.push({ pages, issuedAt: this.server.now, issued: ++this.issued, replay: [] });
  }

  answer(request: Pending, moment: number): void {
    this.pending.splice(this.pending.indexOf(request), 1);
    const list = this.server.listAt(moment);
    request.pages.forEach((page, index) => {
      const start = (page - 1) * LIST_PAGE_SIZE;
      this.dispatch(
        AlbumsApiActions.albumsLoaded({
          query: { page, pageSize: LIST_PAGE_SIZE },
          page: {
            items: list.slice(start, start + LIST_PAGE_SIZE).map(summary),
            totalCount: list.length,
          },
          replay: index === request.pages.length - 1 ? request.replay : [],
          issued: request.issued,
          followed: selectFollowedAlbumIds(this.root()),
        }),
      );
    });
  }

  /** The network heals: every event arrives, every request answers, the list is read again. */
  settle(): void {
    this.run({ kind: 'deliver', count: Infinity });
    while (this.pending.length > 0) this.answer(this.pending[0], this.server.now);
    if (!this.shown) this.run({ kind: 'back' });
    for (let round = 0; round < 20; round++) {
      // Albums newly followed were joined: the list is read again for them.
      this.ask(round === 0 || this.listStale);
      this.ask(false);
      if (this.pending.length === 0) return;
      while (this.pending.length > 0) this.answer(this.pending[0], this.server.now);
    }
    throw new Error('the list never settled');
  }
}

/** What may be on screen at any moment: no album twice, only pages of one moment side by side. */
function expectConsistent(world: World): void {
  const ids = selectAlbumSlots({ albums: world.state })
    .filter((album) => album !== null)
    .map((album) => album.id);
  expect(new Set(ids).size, 'an album shown twice').toBe(ids.length);
  // No event keeps an album's sync true once it is not followed: it is not held.
  const unfollowed = Object.keys(world.sync.albums).filter((id) => !world.followed.has(id));
  expect(unfollowed, 'syncs of albums not followed').toEqual([]);
  const pages = Object.entries(world.state.pages).map(
    ([page, loaded]) => [Number(page), loaded] as const,
  );
  for (const [a, pageA] of pages) {
    for (const [b, pageB] of pages) {
      if (a !== b) expect(samePageMoment(a, pageA, b, pageB), `pages ${a} and ${b}`).toBe(true);
    }
  }
}

describe('the paged album list, under every order of events (property)', () => {
  beforeEach(() => clearSelectorOverrides());

  it('never shows pages of two moments side by side, and ends equal to the server near its viewport', () => {
    console.log(`album-pages property: ${NUM_RUNS} runs, seed ${SEED} (FC_SEED=${SEED} to replay)`);
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 80 }), (steps) => {
        const world = new World();
        for (const each of steps) {
          world.run(each);
          expectConsistent(world);
        }
        world.settle();
        expectConsistent(world);

        const list = world.server.list();
        const state = world.state;
        expect(state.totalCount).toBe(list.length);
        const viewed = state.viewed!;
        const slots = selectListedAlbumSlots(world.root());
        for (const page of selectWantedListPages({ albums: state })) {
          const start = (page - 1) * LIST_PAGE_SIZE;
          for (
            let position = start;
            position < Math.min(list.length, start + LIST_PAGE_SIZE);
            position++
          ) {
            const album = list[position];
            expect(slots[position]?.id, `position ${position}`).toBe(album.id);
            // Whether it syncs, for the albums followed: the cards near the viewport.
            expect(slots[position]?.syncing, `${album.id} syncing`).toBe(
              world.followed.has(album.id) && album.syncing,
            );
          }
        }
        // Followed: exactly the albums near the viewport.
        const near = list
          .slice(viewed.first, viewed.last + 1)
          .map((album) => album.id)
          .sort();
        expect([...selectFollowedAlbumIds({ albums: state })].sort()).toEqual(near);
        expect(idsInRange(state.pages, viewed).sort()).toEqual(near);
        expect(pageOf(viewed.first)).toBeGreaterThan(0);
      }),
      { numRuns: NUM_RUNS, seed: SEED },
    );
  }, 300_000);
});
