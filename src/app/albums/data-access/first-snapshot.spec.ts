import { TestBed } from '@angular/core/testing';
import { provideMockActions } from '@ngrx/effects/testing';
import type { Action } from '@ngrx/store';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { Subject } from 'rxjs';
import type { ConnectionStatus } from '../../realtime/connection-status';
import { connectionFeature } from '../../realtime/connection.feature';
import { NotificationHubActions } from '../../realtime/notification-hub.actions';
import { RealtimeLayer } from '../../realtime/realtime-layer';
import { CONNECT_WAIT_MS, FirstSnapshots, JOIN_WAIT_MS } from './first-snapshot';
import type { Resource } from './invalidation';

describe('FirstSnapshots', () => {
  let actions$: Subject<Action>;
  let store: MockStore;
  let joined: Set<string>;
  /** Whether the realtime layer (and so the hub) has loaded. */
  let loaded: boolean;
  let first: FirstSnapshots;

  const connection = (status: ConnectionStatus, lastError: string | null = null) => ({
    selector: connectionFeature.selectConnectionState,
    value: { status, lastError, nextRetryAt: null, reconnectCount: 0, refusedAlbums: {} },
  });

  function setUp(status: ConnectionStatus, lastError: string | null = null): void {
    actions$ = new Subject<Action>();
    joined = new Set();
    loaded = true;
    TestBed.configureTestingModule({
      providers: [
        provideMockActions(() => actions$),
        provideMockStore({ selectors: [connection(status, lastError)] }),
        {
          provide: RealtimeLayer,
          useValue: {
            loadedHub: () => (loaded ? { isAlbumJoined: (id: string) => joined.has(id) } : null),
          },
        },
      ],
    });
    store = TestBed.inject(MockStore);
    first = TestBed.inject(FirstSnapshots);
  }

  /** What `whenToAsk` did: 'ask' (emitted), 'left' (completed without), or 'waiting'. */
  function watch(albumId: string, resource: Resource | null) {
    let outcome: 'waiting' | 'ask' | 'left' = 'waiting';
    first.whenToAsk(albumId, resource).subscribe({
      next: () => (outcome = 'ask'),
      complete: () => (outcome = outcome === 'ask' ? 'ask' : 'left'),
    });
    return () => outcome;
  }

  afterEach(() => vi.useRealTimers());

  it('asks at once when the group is joined already (another view follows the album)', () => {
    setUp('Connected');
    joined.add('a');
    expect(watch('a', 'album')()).toBe('ask');
  });

  it('waits for the join while the realtime layer is still loading: nothing is joined yet', () => {
    setUp('Connecting');
    loaded = false;
    joined.add('a'); // what a hub would say, had it loaded: not asked
    const album = watch('a', 'album');
    expect(album()).toBe('waiting');
    actions$.next(NotificationHubActions.albumGroupsJoined({ albumIds: ['a'], reconnect: false }));
    expect(album()).toBe('left');
  });

  it('asks at once while no join is coming: offline, reconnecting, a first connect failed', () => {
    setUp('Disconnected');
    expect(watch('a', 'album')()).toBe('ask');
    TestBed.resetTestingModule();
    setUp('Reconnecting');
    expect(watch('a', 'album')()).toBe('ask');
    TestBed.resetTestingModule();
    setUp('Connecting', 'Failed to complete negotiation with the server');
    expect(watch('a', 'album')()).toBe('ask');
  });

  it('waits for the join, then leaves the first snapshot to the re-fetch the table asks for', () => {
    setUp('Connecting');
    const album = watch('a', 'album');
    const viewerPage = watch('a', null);
    actions$.next(NotificationHubActions.albumGroupsJoined({ albumIds: ['b'], reconnect: false }));
    expect(album()).toBe('waiting');
    actions$.next(NotificationHubActions.albumGroupsJoined({ albumIds: ['a'], reconnect: false }));
    expect(album()).toBe('left'); // STALE_AFTER.Joined re-fetches the album: that is its first
    expect(viewerPage()).toBe('ask'); // the table re-fetches no viewer page: asked now
  });

  it('after a refusal, asks for what the table does not re-fetch (transitions)', () => {
    setUp('Connected');
    const album = watch('a', 'album');
    const transitions = watch('a', 'transitions');
    actions$.next(NotificationHubActions.albumJoinRefused({ albumId: 'a', reason: 'gone' }));
    expect(album()).toBe('left');
    expect(transitions()).toBe('ask');
  });

  it('asks when the hub goes offline while it waits', () => {
    setUp('Connecting');
    const album = watch('a', 'album');
    const { selector, value } = connection('Disconnected');
    store.overrideSelector(selector, value);
    store.refreshState();
    expect(album()).toBe('ask');
  });

  it.each([
    // A later join re-fetches, as the table says.
    { case: 'a slow join', status: 'Connected' as const, waitMs: JOIN_WAIT_MS },
    { case: 'a hub still connecting', status: 'Connecting' as const, waitMs: CONNECT_WAIT_MS },
  ])('asks anyway after waiting so long for $case', ({ status, waitMs }) => {
    vi.useFakeTimers();
    setUp(status);
    const album = watch('a', 'album');
    vi.advanceTimersByTime(waitMs - 1);
    expect(album()).toBe('waiting');
    vi.advanceTimersByTime(1);
    expect(album()).toBe('ask');
  });
});
