import { TestBed } from '@angular/core/testing';
import type { PhotoFlowEnvironment } from '../../../environments/environment.model';
import { APP_ENVIRONMENT } from '../api/app-environment';
import type { PhotoSyncProgress } from '../api/models';
import { AuthService } from '../auth/auth.service';
import { FakeHubConnection, reportedState } from './fake-hub-connection.testing';
import { HUB_CONNECTION_FACTORY, allTransports, type HubConnectionConfig } from './hub-connection';
import { SignalRService } from './signalr.service';

const environment: PhotoFlowEnvironment = {
  name: 'development',
  production: false,
  apiBaseUrl: 'https://dev.api.photoflow.vn/api/v1',
  hubUrl: 'wss://dev.api.photoflow.vn/hubs/notification',
  reconnect: { fastDelaysMs: [0, 1000, 2000], jitter: 0, fastPhaseMs: 60_000, maxDelayMs: 30_000 },
  oauth: { authorizeUrl: 'https://accounts.example/auth', clientId: 'client', scope: 'openid' },
};

const progress = (processedCount: number, extra: Partial<PhotoSyncProgress> = {}) => ({
  albumId: 'album-1',
  albumTagId: 'tag-1',
  processedCount,
  totalCount: 100,
  albumTagType: 'Raw',
  timestamp: '2026-11-22T10:00:00Z',
  ...extra,
});

/** Lets pending work finish: promise callbacks, and the fake network's timers due now. */
const settle = async () => {
  for (let pass = 0; pass < 10; pass++) await vi.advanceTimersByTimeAsync(0);
};

describe('SignalRService', () => {
  let fake: FakeHubConnection;
  let service: SignalRService;
  let built: number;

  function setUp(env: PhotoFlowEnvironment = environment) {
    built = 0;
    TestBed.configureTestingModule({
      providers: [
        { provide: APP_ENVIRONMENT, useValue: env },
        {
          provide: AuthService,
          useValue: {
            getAccessToken: () => Promise.resolve('token-1'),
            accessTokenExpiry: () => null,
          },
        },
        {
          provide: HUB_CONNECTION_FACTORY,
          useValue: (config: HubConnectionConfig) => {
            built++;
            fake = new FakeHubConnection(config);
            return fake;
          },
        },
      ],
    });
    service = TestBed.inject(SignalRService);
  }

  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const joins = () => fake.invocations.filter((call) => call.method === 'JoinAlbumGroup');
  const leaves = () => fake.invocations.filter((call) => call.method === 'LeaveAlbumGroup');

  describe('the connection', () => {
    it('negotiates over https for a documented wss address, offering all transports', async () => {
      setUp();
      service.start();
      await settle();
      expect(fake.config.url).toBe('https://dev.api.photoflow.vn/hubs/notification');
      expect(fake.config.transport).toBe(allTransports);
      await expect(fake.config.accessTokenFactory()).resolves.toBe('token-1');
    });

    it('is built once and reports its state as a signal and an observable', async () => {
      setUp();
      const seen: string[] = [];
      service.connectionState$.subscribe((state) => seen.push(state.status));
      service.start();
      service.start();
      await settle();
      expect(built).toBe(1);
      expect(fake.starts).toBe(1);
      expect(reportedState(service).status).toBe('Connected');
      expect(seen).toEqual(['Disconnected', 'Connecting', 'Connected']);
    });

    it('reports reconnecting with the error that caused it', async () => {
      setUp();
      service.start();
      await settle();
      fake.drop(new Error('network cut'));
      expect(reportedState(service)).toEqual({
        status: 'Reconnecting',
        lastError: 'network cut',
        nextRetryAt: null,
      });
      fake.reconnect();
      expect(reportedState(service).status).toBe('Connected');
      expect(reportedState(service).lastError).toBeNull();
    });
  });

  describe('album groups', () => {
    it('joins a group once for two views and leaves it when the last view leaves', async () => {
      setUp();
      service.start();
      await settle();
      service.joinAlbumGroup('album-1');
      service.joinAlbumGroup('album-1');
      await settle();
      expect(joins()).toEqual([{ method: 'JoinAlbumGroup', albumId: 'album-1' }]);

      service.leaveAlbumGroup('album-1');
      await settle();
      expect(leaves()).toEqual([]);
      expect(service.stats().groupRefCounts).toEqual({ 'album-1': 1 });

      service.leaveAlbumGroup('album-1');
      await settle();
      expect(leaves()).toEqual([{ method: 'LeaveAlbumGroup', albumId: 'album-1' }]);
      expect(service.stats().groupRefCounts).toEqual({});
    });

    it('queues joins made while disconnected and applies them on connect, without throwing', async () => {
      setUp();
      expect(() => service.joinAlbumGroup('album-1')).not.toThrow();
      service.joinAlbumGroup('album-2');
      service.start();
      expect(joins()).toEqual([]);
      await settle();
      expect(joins().map((call) => call.albumId)).toEqual(['album-1', 'album-2']);
      expect(service.stats().joinedGroups).toEqual(['album-1', 'album-2']);
    });

    it('queues joins made while reconnecting, and a join then leave while away sends nothing', async () => {
      setUp();
      service.start();
      await settle();
      fake.drop();
      service.joinAlbumGroup('album-1');
      service.joinAlbumGroup('album-2');
      service.leaveAlbumGroup('album-2');
      await settle();
      expect(fake.invocations).toEqual([]);
      fake.reconnect();
      await settle();
      expect(fake.invocations).toEqual([{ method: 'JoinAlbumGroup', albumId: 'album-1' }]);
    });

    it('joins every group again after a reconnect, then announces it', async () => {
      setUp();
      const announced: (readonly string[])[] = [];
      service.reconnected$.subscribe((albumIds) => announced.push(albumIds));
      service.start();
      await settle();
      service.joinAlbumGroup('album-1');
      service.joinAlbumGroup('album-2');
      await settle();
      expect(announced).toEqual([]); // the first connection is not a reconnect

      fake.drop();
      fake.reconnect();
      await settle();
      expect(joins().map((call) => call.albumId)).toEqual([
        'album-1',
        'album-2',
        'album-1',
        'album-2',
      ]);
      expect(announced).toEqual([['album-1', 'album-2']]);
    });

    it('announces the reconnect only once the groups are joined again', async () => {
      setUp();
      const announced: (readonly string[])[] = [];
      service.reconnected$.subscribe((albumIds) => announced.push(albumIds));
      service.start();
      service.joinAlbumGroup('album-1');
      await settle();
      let release!: () => void;
      fake.answer = () => new Promise<void>((resolve) => (release = resolve));
      fake.drop();
      fake.reconnect();
      await settle();
      expect(announced).toEqual([]);
      release();
      await settle();
      expect(announced).toEqual([['album-1']]);
    });

    it('reports a refused join, keeps the album wanted and asks again only on the next connection', async () => {
      setUp();
      const refusals: unknown[] = [];
      service.joinRefused$.subscribe((refusal) => refusals.push(refusal));
      service.start();
      await settle();
      fake.answer = (method, albumId) =>
        albumId === 'other-studio'
          ? Promise.reject(
              new Error(
                "An unexpected error occurred invoking 'JoinAlbumGroup' on the server. HubException: Album not found",
              ),
            )
          : Promise.resolve();
      service.joinAlbumGroup('other-studio');
      service.joinAlbumGroup('album-1');
      await settle();
      expect(refusals).toEqual([{ albumId: 'other-studio', reason: 'Album not found' }]);
      expect(service.stats().joinedGroups).toEqual(['album-1']);
      expect(Object.keys(service.stats().groupRefCounts)).toEqual(['other-studio', 'album-1']);
      expect(joins().filter((call) => call.albumId === 'other-studio')).toHaveLength(1);

      fake.drop();
      fake.reconnect();
      await settle();
      expect(joins().filter((call) => call.albumId === 'other-studio')).toHaveLength(2);
    });

    it('does not take a join lost with the connection for a refusal', async () => {
      setUp();
      const refusals: unknown[] = [];
      service.joinRefused$.subscribe((refusal) => refusals.push(refusal));
      service.start();
      await settle();
      let fail!: (error: Error) => void;
      fake.answer = () => new Promise((_, reject) => (fail = reject));
      service.joinAlbumGroup('album-1');
      await settle();
      fake.drop();
      fail(new Error('Invocation canceled due to the underlying connection being closed.'));
      await settle();
      expect(refusals).toEqual([]);
      fake.answer = () => Promise.resolve();
      fake.reconnect();
      await settle();
      expect(service.stats().joinedGroups).toEqual(['album-1']);
    });
  });

  describe('recovery', () => {
    it('keeps recovering after the library gives up, rejoins and announces it', async () => {
      setUp();
      const announced: (readonly string[])[] = [];
      service.reconnected$.subscribe((albumIds) => announced.push(albumIds));
      service.start();
      service.joinAlbumGroup('album-1');
      await settle();

      fake.startFailures.push(new Error('Failed to complete negotiation'));
      fake.close(new Error('Reconnect retries have been exhausted'));
      expect(reportedState(service).status).toBe('Disconnected');
      expect(reportedState(service).lastError).toBe('Reconnect retries have been exhausted');
      await settle(); // first recovery: at once, and it fails
      expect(fake.starts).toBe(2);
      expect(reportedState(service).nextRetryAt).not.toBeNull();

      await vi.advanceTimersByTimeAsync(1000); // second recovery: after about a second
      await settle();
      expect(fake.starts).toBe(3);
      expect(reportedState(service).status).toBe('Connected');
      expect(joins()).toHaveLength(2);
      expect(announced).toEqual([['album-1']]);
    });

    it('retries a first start that failed, which the library never does', async () => {
      setUp({ ...environment, reconnect: { ...environment.reconnect, fastDelaysMs: [500] } });
      fake = undefined as never;
      service.joinAlbumGroup('album-1');
      service.start();
      fake.startFailures.push(
        new Error("Failed to complete negotiation with the server: Error: Status code '503'"),
      );
      await settle();
      expect(reportedState(service).status).toBe('Disconnected');
      expect(reportedState(service).lastError).toContain('503');
      expect(reportedState(service).nextRetryAt).toBe(Date.now() + 500);
      await vi.advanceTimersByTimeAsync(499);
      expect(fake.starts).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(fake.starts).toBe(2);
      await settle();
      expect(reportedState(service).status).toBe('Connected');
      expect(joins().map((call) => call.albumId)).toEqual(['album-1']);
    });

    it('tries at once when the browser comes back online', async () => {
      setUp({ ...environment, reconnect: { ...environment.reconnect, fastDelaysMs: [20_000] } });
      service.start();
      await settle();
      fake.close();
      await settle();
      expect(fake.starts).toBe(1); // waiting 20 s
      window.dispatchEvent(new Event('online'));
      await settle();
      expect(fake.starts).toBe(2);
      expect(reportedState(service).status).toBe('Connected');
    });

    it('tries at once when the tab becomes visible, not when it is hidden', async () => {
      setUp({ ...environment, reconnect: { ...environment.reconnect, fastDelaysMs: [20_000] } });
      service.start();
      await settle();
      fake.close();
      await settle();
      const visibility = vi.spyOn(document, 'visibilityState', 'get');
      visibility.mockReturnValue('hidden');
      document.dispatchEvent(new Event('visibilitychange'));
      await settle();
      expect(fake.starts).toBe(1);
      visibility.mockReturnValue('visible');
      document.dispatchEvent(new Event('visibilitychange'));
      await settle();
      expect(fake.starts).toBe(2);
    });

    it("reconnects now on demand, cutting the library's wait short", async () => {
      setUp({ ...environment, reconnect: { ...environment.reconnect, fastDelaysMs: [20_000] } });
      service.start();
      await settle();
      fake.drop();
      service.reconnectNow();
      await settle();
      expect(fake.stops).toBe(1);
      expect(fake.starts).toBe(2);
      expect(reportedState(service).status).toBe('Connected');
    });

    it('never reconnects after a deliberate stop', async () => {
      setUp();
      service.start();
      service.joinAlbumGroup('album-1');
      await settle();
      const stopped = service.stop(); // goes through Disconnecting, a task later
      await settle();
      await stopped;
      expect(reportedState(service)).toEqual({
        status: 'Disconnected',
        lastError: null,
        nextRetryAt: null,
      });
      window.dispatchEvent(new Event('online'));
      document.dispatchEvent(new Event('visibilitychange'));
      await vi.advanceTimersByTimeAsync(120_000);
      expect(fake.starts).toBe(1);
    });

    it('does not recover a start that a stop overtook', async () => {
      setUp();
      service.start();
      fake.startFailures.push(new Error('aborted'));
      const stopped = service.stop(); // goes through Disconnecting, a task later
      await settle();
      await stopped;
      await vi.advanceTimersByTimeAsync(120_000);
      expect(fake.starts).toBe(1);
      expect(reportedState(service).status).toBe('Disconnected');
    });
  });

  describe('events', () => {
    it('delivers each event to its own stream, typed and stripped to the contract', async () => {
      setUp();
      service.start();
      service.joinAlbumGroup('album-1');
      await settle();
      const received: PhotoSyncProgress[] = [];
      const states: unknown[] = [];
      service.getPhotoSyncProgress$().subscribe((event) => received.push(event));
      service.getAlbumStateChanged$().subscribe((event) => states.push(event));
      fake.emit('PhotoSyncProgress', { ...progress(50), extra: 'ignored' });
      fake.emit('photosyncprogress', progress(60)); // targets are case-insensitive
      expect(received.map((event) => event.processedCount)).toEqual([50, 60]);
      expect('extra' in received[0]).toBe(false);
      expect(states).toEqual([]);
    });

    it('drops the events of an album no view wants (its group being left)', async () => {
      setUp();
      service.start();
      service.joinAlbumGroup('album-1');
      await settle();
      const received: PhotoSyncProgress[] = [];
      service.getPhotoSyncProgress$().subscribe((event) => received.push(event));
      fake.emit('PhotoSyncProgress', progress(10));
      service.leaveAlbumGroup('album-1');
      fake.emit('PhotoSyncProgress', progress(20)); // sent before the server took the leave
      expect(received.map((event) => event.processedCount)).toEqual([10]);
    });

    it('drops malformed and unknown events, counts them and logs each kind once', async () => {
      setUp();
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      service.start();
      service.joinAlbumGroup('album-1');
      await settle();
      const received: PhotoSyncProgress[] = [];
      service.getPhotoSyncProgress$().subscribe((event) => received.push(event));

      fake.emit('PhotoSyncProgress', progress(101)); // beyond the total
      fake.emit('PhotoSyncProgress', { ...progress(1), processedCount: '1' });
      fake.emit('PhotoSyncProgress', { albumId: 'album-1' });
      fake.emit('PhotoSyncProgress', progress(1), progress(2)); // two arguments
      fake.emit('PhotoSyncProgress', { ...progress(1), timestamp: 'yesterday' });
      fake.emit('PhotoSyncProgress', { ...progress(1), albumTagType: 'Holiday' });
      fake.emit('AlbumStateChanged', {
        albumId: 'a',
        oldState: 'Raw',
        newState: 'Nowhere',
        message: '',
        timestamp: '2026-11-22T10:00:00Z',
      });
      fake.emit('AlbumSyncError', {
        albumId: 'a',
        message: 'x'.repeat(100_000),
        timestamp: '2026-11-22T10:00:00Z',
      });
      fake.emit('DeleteEverything', {});
      fake.emit('DeleteEverything', {});
      fake.emit('PhotoSyncProgress', progress(5));

      expect(received.map((event) => event.processedCount)).toEqual([5]);
      expect(service.droppedEventCount()).toBe(10);
      // One line per kind of drop: malformed PhotoSyncProgress, AlbumStateChanged, AlbumSyncError, unknown target.
      expect(warn).toHaveBeenCalledTimes(4);
    });

    it('drops a record it cannot parse without losing the connection or the records around it', async () => {
      setUp();
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      service.start();
      service.joinAlbumGroup('album-1');
      await settle();
      const received: number[] = [];
      service.getPhotoSyncProgress$().subscribe((event) => received.push(event.processedCount));
      const record = (count: number) =>
        `${JSON.stringify({ type: 1, target: 'PhotoSyncProgress', arguments: [progress(count)] })}\u001e`;
      fake.receive(
        `${record(1)}{not json\u001e${JSON.stringify({ type: 1, arguments: [] })}\u001e${record(2)}`,
      );
      expect(received).toEqual([1, 2]);
      expect(service.droppedEventCount()).toBe(2);
      expect(reportedState(service).status).toBe('Connected');
    });

    it('registers its handlers once: no duplicate events after 10 reconnects and 10 recoveries', async () => {
      setUp();
      service.start();
      service.joinAlbumGroup('album-1');
      await settle();
      for (let i = 0; i < 10; i++) {
        fake.drop();
        fake.reconnect();
        fake.close();
        await settle();
      }
      expect(fake.starts).toBe(11);
      expect(built).toBe(1);
      expect(fake.handlerRegistrations).toBe(8);
      expect(service.stats().handlers).toBe(8);
      const received: number[] = [];
      service.getPhotoSyncProgress$().subscribe((event) => received.push(event.processedCount));
      fake.emit('PhotoSyncProgress', progress(7));
      expect(received).toEqual([7]);
    });
  });

  describe('transport', () => {
    it('uses the transport the environment forces', async () => {
      setUp({ ...environment, hubTransport: 'LongPolling' });
      service.start();
      service.joinAlbumGroup('album-1');
      await settle();
      expect(fake.config.transport).toBe(4); // HttpTransportType.LongPolling
    });
  });
});
