import { HttpErrorResponse } from '@angular/common/http';
import { ApplicationRef, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Store, provideState, provideStore } from '@ngrx/store';
import fc from 'fast-check';
import { Observable, of, throwError } from 'rxjs';
import type { PhotoFlowEnvironment } from '../../../../environments/environment.model';
import { APP_ENVIRONMENT } from '../../api/app-environment';
import type { Album, AlbumSummary, Page } from '../../api/models';
import { PhotoflowApi } from '../../api/photoflow-api';
import { AuthService } from '../../auth/auth.service';
import { FRAME_SCHEDULER, type FrameScheduler } from '../../realtime/animation-frame';
import { connectionFeature } from '../../realtime/connection.feature';
import { FakeHubConnection } from '../../realtime/fake-hub-connection.testing';
import { HUB_CONNECTION_FACTORY, type HubConnectionConfig } from '../../realtime/hub-connection';
import { RealtimeLayer } from '../../realtime/realtime-layer';
import type { SignalRService } from '../../realtime/signalr.service';
import { casesPerSeed, checkProperty } from '../../property-runs.testing';
import { LIST_LINGER_MS } from './album-pages';
import { AlbumDetailPageActions, AlbumListPageActions } from './albums.actions';
import { albumsFeature } from './albums.feature';
import { selectListedAlbums } from './listed-albums';
import { provideAlbumsState } from './provide-albums-state';
import {
  SimulatedServer,
  type ServerEvent,
  type ServerOperation,
} from './simulated-server.testing';
import { syncFeature } from './sync.feature';
import { tagsFeature } from './tags.feature';

// The server's truth under every order of events: random interleavings of server work,
// hub deliveries (late, duplicated, lost in a cut), group joins in flight (the server
// adds the connection when one lands, not when it is sent), REST answers describing any moment
// between their request and their answer, reconnects, refusals, and views opening and
// closing, run through the real reducers, effects and SignalRService over a fake
// connection. Afterwards every open view must equal the server, and the joined groups
// must be exactly those of the open views.

const ALBUMS = ['a', 'b', 'c'];
/** An album the server does not know (deleted, or another studio's): refused and 404. */
const GONE = 'gone';
const REFUSAL =
  "An unexpected error occurred invoking 'JoinAlbumGroup' on the server. HubException: Album not found";
/**
 * Fresh seeds failed after 2,454, 2,845, 3,435 and 4,303 cases (issue 23): 5,000 leaves
 * room to find their like. `npm run test:explore` tries fresh seeds for longer.
 */
const NUM_RUNS = casesPerSeed('FC_RUNS', 5000);

const environment: PhotoFlowEnvironment = {
  name: 'development',
  production: false,
  apiBaseUrl: '/api/v1',
  hubUrl: '/hubs/notification',
  reconnect: { fastDelaysMs: [0], jitter: 0, fastPhaseMs: 60_000, maxDelayMs: 30_000 },
  oauth: { authorizeUrl: '/auth', clientId: 'client', scope: 'openid' },
};

type Step =
  | { readonly kind: 'server'; readonly operation: ServerOperation; readonly elapsedMs: number }
  | { readonly kind: 'deliver'; readonly count: number }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'answer'; readonly pick: number; readonly at: number }
  | { readonly kind: 'join'; readonly pick: number }
  | { readonly kind: 'cut' }
  | { readonly kind: 'reconnect' }
  | { readonly kind: 'open'; readonly album: number }
  | { readonly kind: 'close'; readonly album: number }
  | { readonly kind: 'openList' }
  | { readonly kind: 'closeList' }
  | { readonly kind: 'scroll'; readonly first: number; readonly last: number }
  | { readonly kind: 'wait'; readonly ms: number };

const albumIndex = fc.nat({ max: ALBUMS.length });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('server' as const),
      elapsedMs: fc.integer({ min: 1, max: 1500 }),
      operation: fc.oneof(
        fc.record({
          kind: fc.constant('startSync' as const),
          album: albumIndex,
          total: fc.integer({ min: 1, max: 400 }),
        }),
        fc.record({
          kind: fc.constant('progress' as const),
          album: albumIndex,
          photos: fc.integer({ min: 1, max: 120 }),
        }),
        fc.record({
          kind: fc.constant('progress' as const),
          album: albumIndex,
          photos: fc.integer({ min: 1, max: 120 }),
        }),
        fc.record({ kind: fc.constant('complete' as const), album: albumIndex }),
        fc.record({ kind: fc.constant('fail' as const), album: albumIndex }),
        fc.record({ kind: fc.constant('createTag' as const), album: albumIndex }),
      ),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('deliver' as const),
      count: fc.integer({ min: 1, max: 6 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate' as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('answer' as const),
      pick: fc.nat(),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('join' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'cut' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reconnect' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('open' as const), album: albumIndex }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const), album: albumIndex }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'openList' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'closeList' as const }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.nat({ max: ALBUMS.length - 1 }), fc.nat({ max: ALBUMS.length - 1 }))
      .map(([a, b]) => ({ kind: 'scroll' as const, first: Math.min(a, b), last: Math.max(a, b) })),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.integer({ min: 1, max: 3000 }),
    }),
  },
);

interface PendingRequest {
  readonly issuedAt: number;
  readonly answer: (moment: number) => void;
}

/** A `JoinAlbumGroup` on its way: the server adds the connection when it lands, then answers. */
interface PendingJoin {
  readonly land: () => void;
  readonly lose: () => void;
}

/** The browser's side, wired as in the app, with the network and the server in the test's hands. */
class World {
  readonly server = new SimulatedServer(ALBUMS);
  readonly inTransit: ServerEvent[] = [];
  private lastDelivered: ServerEvent | null = null;
  readonly pending: PendingRequest[] = [];
  readonly joins: PendingJoin[] = [];
  /** Groups as the server holds them for the current connection. */
  readonly serverGroups = new Set<string>();
  readonly openCounts = new Map<string, number>();
  listOpen = false;
  /** The positions of the list's cards in or near its viewport, as it last said. */
  listRange = { first: 0, last: ALBUMS.length - 1 };
  /** A list left keeps following its albums until then (a trip to an album and back). */
  listLingersUntil = 0;
  connected = true;
  fake!: FakeHubConnection;
  store!: Store;
  hub!: SignalRService;

  async setUp(): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        { provide: APP_ENVIRONMENT, useValue: environment },
        {
          provide: AuthService,
          useValue: {
            isSignedIn: signal(true),
            getAccessToken: () => Promise.resolve('token'),
            accessTokenExpiry: () => null,
          },
        },
        { provide: FRAME_SCHEDULER, useValue: frames },
        { provide: PhotoflowApi, useValue: this.api() },
        {
          provide: HUB_CONNECTION_FACTORY,
          useValue: (config: HubConnectionConfig) => (this.fake = this.connection(config)),
        },
        provideStore(),
        provideState(connectionFeature),
        provideAlbumsState(),
      ],
    });
    this.store = TestBed.inject(Store);
    // As the session's start loads it: the hub's effects registered, the followed set told.
    this.hub = await TestBed.inject(RealtimeLayer).hub();
    TestBed.inject(ApplicationRef);
    this.hub.start();
  }

  private connection(config: HubConnectionConfig): FakeHubConnection {
    const fake = new FakeHubConnection(config);
    fake.answer = (method, albumId) => {
      if (method === 'LeaveAlbumGroup') {
        this.serverGroups.delete(albumId);
        return Promise.resolve();
      }
      // In flight until a step lands it: events sent meanwhile are not ours. The server
      // adds first, then answers; a cut loses it with its connection.
      return new Promise<void>((resolve, reject) => {
        const join: PendingJoin = {
          land: () => {
            if (albumId === GONE) return reject(new Error(REFUSAL));
            this.serverGroups.add(albumId);
            resolve();
          },
          lose: () =>
            reject(new Error('Invocation canceled due to the underlying connection being closed.')),
        };
        this.joins.push(join);
      });
    };
    return fake;
  }

  private api(): Partial<PhotoflowApi> {
    const request = <T>(answer: (moment: number) => T | null) =>
      new Observable<T>((subscriber) => {
        const pending: PendingRequest = {
          issuedAt: this.server.now,
          answer: (moment) => {
            const body = answer(moment);
            if (body === null) subscriber.error(new HttpErrorResponse({ status: 404 }));
            else {
              subscriber.next(body);
              subscriber.complete();
            }
          },
        };
        this.pending.push(pending);
        return () => this.pending.splice(this.pending.indexOf(pending) >>> 0, 1);
      });
    return {
      getAlbum: (albumId: string) =>
        request<Album>((moment) => this.server.albumAt(albumId, moment)),
      listAlbums: ({ page = 1, pageSize = 100 } = {}) =>
        request<Page<AlbumSummary>>((moment) => {
          const items = this.server.listAt(moment);
          const start = (page - 1) * pageSize;
          return { items: items.slice(start, start + pageSize), totalCount: items.length };
        }),
      getTransitions: () => of([]),
      getPhotos: () => throwError(() => new HttpErrorResponse({ status: 503 })),
    };
  }

  async run(step: Step): Promise<void> {
    switch (step.kind) {
      case 'server': {
        const events = this.server.apply(step.operation, step.elapsedMs);
        // The server sends to the groups it holds now; a cut connection gets nothing.
        if (this.connected) {
          this.inTransit.push(...events.filter((e) => this.serverGroups.has(e.payload.albumId)));
        }
        break;
      }
      case 'deliver':
        for (const event of this.inTransit.splice(0, step.count)) this.deliver(event);
        break;
      case 'duplicate':
        if (this.lastDelivered && this.connected) this.deliver(this.lastDelivered);
        break;
      case 'answer': {
        if (this.pending.length === 0) break;
        const request = this.pending[step.pick % this.pending.length];
        const moment =
          request.issuedAt + Math.floor(step.at * (this.server.now - request.issuedAt));
        request.answer(moment);
        break;
      }
      case 'join': {
        if (this.joins.length === 0) break;
        const [join] = this.joins.splice(step.pick % this.joins.length, 1);
        join.land();
        break;
      }
      case 'cut':
        if (!this.connected) break;
        this.connected = false;
        // A lost connection ends the list's linger (what it held is no longer kept true).
        this.listLingersUntil = 0;
        for (const join of this.joins.splice(0)) join.lose();
        this.inTransit.length = 0;
        this.serverGroups.clear();
        this.fake.drop();
        break;
      case 'reconnect':
        if (this.connected) break;
        this.connected = true;
        this.fake.reconnect();
        break;
      case 'open':
      case 'close': {
        const albumId = [...ALBUMS, GONE][step.album];
        const count = this.openCounts.get(albumId) ?? 0;
        if (step.kind === 'close' && count === 0) break;
        this.openCounts.set(albumId, count + (step.kind === 'open' ? 1 : -1));
        this.store.dispatch(
          step.kind === 'open'
            ? AlbumDetailPageActions.opened({ albumId })
            : AlbumDetailPageActions.closed({ albumId }),
        );
        break;
      }
      case 'openList':
        if (this.listOpen) break;
        this.listOpen = true;
        this.store.dispatch(AlbumListPageActions.opened({ query: {} }));
        // The list shows every album on one screen.
        this.listRange = { first: 0, last: ALBUMS.length - 1 };
        this.store.dispatch(AlbumListPageActions.rangeViewed(this.listRange));
        break;
      case 'scroll':
        // The photographer scrolls (a smaller window): the albums that leave it are unfollowed.
        if (!this.listOpen) break;
        this.listRange = { first: step.first, last: step.last };
        this.store.dispatch(AlbumListPageActions.rangeViewed(this.listRange));
        break;
      case 'closeList':
        if (!this.listOpen) break;
        this.listOpen = false;
        this.listLingersUntil = Date.now() + LIST_LINGER_MS;
        this.store.dispatch(AlbumListPageActions.closed());
        break;
      case 'wait':
        await vi.advanceTimersByTimeAsync(step.ms);
        break;
    }
    await vi.advanceTimersByTimeAsync(0);
  }

  private deliver(event: ServerEvent): void {
    this.lastDelivered = event;
    this.fake.emit(event.target, event.payload);
  }

  /** The network heals and goes quiet: everything sent arrives, every request answers. */
  async settle(): Promise<void> {
    if (!this.connected) await this.run({ kind: 'reconnect' });
    for (let round = 0; round < 50; round++) {
      await vi.advanceTimersByTimeAsync(1000);
      if (this.inTransit.length === 0 && this.pending.length === 0 && this.joins.length === 0)
        return;
      for (const join of this.joins.splice(0)) join.land();
      await vi.advanceTimersByTimeAsync(0);
      for (const event of this.inTransit.splice(0)) this.deliver(event);
      await vi.advanceTimersByTimeAsync(0);
      while (this.pending.length > 0) this.pending[0].answer(this.server.now);
    }
    throw new Error('the app never went quiet');
  }

  followed(): string[] {
    const open = [...this.openCounts].filter(([, count]) => count > 0).map(([id]) => id);
    const listed =
      this.listOpen || Date.now() < this.listLingersUntil
        ? this.server
            .listAt(this.server.now)
            .slice(this.listRange.first, this.listRange.last + 1)
            .map((album) => album.id)
        : [];
    return [...new Set([...open, ...listed])].sort();
  }
}

const frames: FrameScheduler = {
  request: (callback) => {
    const handle = setTimeout(callback, 16);
    return () => clearTimeout(handle);
  },
  currentFrame: () => null,
};

function expectTruth(world: World): void {
  let state: Record<string, unknown> = {};
  world.store.subscribe((current) => (state = current as Record<string, unknown>)).unsubscribe();
  const albums = state[albumsFeature.name] as ReturnType<typeof albumsFeature.reducer>;
  const tags = state[tagsFeature.name] as ReturnType<typeof tagsFeature.reducer>;
  const sync = state[syncFeature.name] as ReturnType<typeof syncFeature.reducer>;
  const followed = world.followed();

  // Following = the open views; the hub's groups are theirs, less what the hub refused.
  expect(Object.keys(world.hub.stats().groupRefCounts).sort()).toEqual(followed);
  expect([...world.hub.stats().joinedGroups].sort()).toEqual(followed.filter((id) => id !== GONE));
  expect([...world.serverGroups].sort()).toEqual(followed.filter((id) => id !== GONE));

  for (const albumId of ALBUMS) {
    const truth = world.server.album(albumId);
    const open = (world.openCounts.get(albumId) ?? 0) > 0;
    if (!followed.includes(albumId)) {
      expect(albums.details[albumId], `${albumId} evicted`).toBeUndefined();
      expect(sync.albums[albumId], `${albumId} sync evicted`).toBeUndefined();
      continue;
    }
    if (open) {
      expect(albums.details[albumId]?.album?.state, `${albumId} state`).toBe(truth.state);
      const held = Object.values(tags.entities).filter((tag) => tag?.albumId === albumId);
      expect(
        Object.fromEntries(held.map((tag) => [tag!.id, tag!.status])),
        `${albumId} tags`,
      ).toEqual(Object.fromEntries(truth.tags!.map((tag) => [tag.id, tag.status])));
    }
    const run = sync.albums[albumId];
    // The list's answer says whether an album syncs, not how far: counts only where it is open.
    if (truth.sync && open) {
      const tag = run?.tags[truth.sync.albumTagId];
      expect(tag?.status, `${albumId} syncing`).toBe('syncing');
      expect(tag?.processedCount, `${albumId} progress`).toBe(truth.sync.processedCount);
    } else if (!truth.sync) {
      expect(run?.status ?? 'idle', `${albumId} not syncing`).not.toBe('syncing');
    }
    if (world.listOpen) {
      expect(albums.entities[albumId]?.state, `${albumId} listed state`).toBe(truth.state);
      const card = selectListedAlbums(state).find((row) => row.id === albumId);
      expect(card?.syncing, `${albumId} listed syncing`).toBe(!!truth.sync);
    }
  }
  expect(albums.details[GONE]?.status ?? 'closed').not.toBe('loaded');
}

/** One case: the app opens album 0, then the steps run, the network heals, and all is true. */
async function replay(steps: readonly Step[]): Promise<void> {
  TestBed.resetTestingModule();
  const world = new World();
  await world.setUp();
  await world.run({ kind: 'open', album: 0 });
  for (const each of steps) await world.run(each);
  await world.settle();
  expectTruth(world);
}

const startSync = (album: number): Step => ({
  kind: 'server',
  elapsedMs: 1,
  operation: { kind: 'startSync', album, total: 1 },
});
const complete = (album: number): Step => ({
  kind: 'server',
  elapsedMs: 1,
  operation: { kind: 'complete', album },
});
const fail = (album: number): Step => ({
  kind: 'server',
  elapsedMs: 1,
  operation: { kind: 'fail', album },
});

/**
 * Counterexamples fresh seeds found (FC_RUNS=5000), shrunk: each failed before its fix
 * and runs on every CI. A failing seed is a bug until shown otherwise: add its case here.
 */
const COUNTEREXAMPLES: readonly { seed: number; finding: string; steps: readonly Step[] }[] = [
  {
    seed: 1_262_806_654,
    finding: 'the list says no sync runs after a cut lost the end: the run stayed syncing',
    steps: [
      { kind: 'openList' },
      { kind: 'answer', pick: 170_302_159, at: 0 },
      startSync(1),
      complete(1),
      { kind: 'deliver', count: 1 },
      { kind: 'cut' },
      { kind: 'deliver', count: 1 },
    ],
  },
  {
    seed: 1_262_823_847,
    finding: "a start replayed over the list's answer, which showed the sync over, restarted it",
    steps: [
      { kind: 'openList' },
      startSync(0),
      { kind: 'deliver', count: 1 },
      complete(0),
      { kind: 'close', album: 0 },
    ],
  },
  {
    seed: 1_262_840_329,
    finding: 'a start delivered after a rejoin, its end lost in a cut: the list said over',
    steps: [
      { kind: 'openList' },
      startSync(0),
      { kind: 'close', album: 0 },
      { kind: 'answer', pick: 0, at: 0 },
      complete(0),
      { kind: 'deliver', count: 1 },
      { kind: 'cut' },
    ],
  },
  {
    seed: 1_262_840_329,
    finding: "a tag's Syncing replayed over the album's answer turned its Ready tag back",
    steps: [
      startSync(0),
      { kind: 'close', album: 0 },
      complete(0),
      { kind: 'open', album: 0 },
      { kind: 'duplicate' },
    ],
  },
  {
    seed: 1_140_331_359,
    finding:
      "joined while the list lingered, after its answer: the sync's end before the join was lost",
    steps: [
      startSync(1),
      { kind: 'openList' },
      complete(1),
      { kind: 'answer', pick: 0, at: 0 },
      { kind: 'closeList' },
    ],
  },
  {
    seed: 2_128_591_060,
    finding: "the list's answer came while it lingered: the sync's end before the join was lost",
    steps: [
      startSync(2),
      { kind: 'openList' },
      { kind: 'closeList' },
      { kind: 'answer', pick: 0, at: 0 },
      complete(2),
      { kind: 'close', album: 0 },
    ],
  },
  {
    seed: 38_216_730,
    finding:
      'an album left, then listed while the list lingered: its failure before the join was lost',
    steps: [
      startSync(0),
      { kind: 'close', album: 0 },
      { kind: 'openList' },
      { kind: 'closeList' },
      fail(0),
      { kind: 'answer', pick: 0, at: 0 },
    ],
  },
  {
    seed: 1_567_260_962,
    finding: "the list's answer came while it lingered, the sync already over: it stayed syncing",
    steps: [
      startSync(2),
      { kind: 'openList' },
      complete(2),
      { kind: 'closeList' },
      { kind: 'answer', pick: 0, at: 0 },
      { kind: 'open', album: 0 },
    ],
  },
  {
    seed: 1_517_289_600,
    finding:
      "a cut ended the list's linger, then its answer landed: its syncs were kept, unfollowed",
    steps: [{ kind: 'openList' }, { kind: 'closeList' }, { kind: 'cut' }],
  },
  {
    seed: 1_871_094_858,
    finding: "a run's end lost in a cut, a new run begun: the answer's tag kept the old count",
    steps: [
      startSync(0),
      { kind: 'server', elapsedMs: 1, operation: { kind: 'progress', album: 0, photos: 1 } },
      { kind: 'cut' },
      { kind: 'answer', pick: 0, at: 0 },
      fail(0),
      startSync(0),
      { kind: 'deliver', count: 1 },
    ],
  },
];

describe('the server’s truth, under every order of events (property)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
  });

  for (const { seed, finding, steps } of COUNTEREXAMPLES) {
    it(`holds where seed ${seed} found a bug: ${finding}`, () => replay(steps));
  }

  it(
    'ends every open view equal to the server and joins exactly their groups',
    () =>
      checkProperty(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 60 }), replay), {
        name: 'server-truth',
        numRuns: NUM_RUNS,
        replay: (seed) =>
          `FC_SEED=${seed} FC_RUNS=${NUM_RUNS} npx ng test --watch=false --include src/app/albums/data-access/server-truth.property.spec.ts`,
      }),
    86_400_000,
  );
});
