import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { jwt, storeSession } from '../auth/session.testing';
import type { ConnectionState } from './connection-status';
import { FakeHubConnection, fakeHubProviders, reportedState } from './fake-hub-connection.testing';
import { HUB_CONNECTION_FACTORY } from './hub-connection';
import { SignalRService } from './signalr.service';

/** The service's lifecycle with the real AuthService and a connection that stops asynchronously. */
describe('SignalRService lifecycle', () => {
  let fake: FakeHubConnection;
  let service: SignalRService;
  let http: HttpTestingController;
  let states: ConnectionState[];

  function setUp() {
    TestBed.configureTestingModule({
      providers: fakeHubProviders((made) => (fake = made)),
    });
    http = TestBed.inject(HttpTestingController);
    service = TestBed.inject(SignalRService);
    states = [];
    service.connectionState$.subscribe((state) => states.push(state));
  }

  const settle = async () => {
    for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(1);
  };

  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
  });

  describe('"Reconnect now"', () => {
    it('never starts the hub while signed out', async () => {
      setUp();
      service.reconnectNow();
      await settle();
      expect(TestBed.inject(HUB_CONNECTION_FACTORY)).toBeDefined();
      expect(fake?.starts ?? 0).toBe(0);
      expect(reportedState(service).status).toBe('Disconnected');
    });

    it('does not start it again after a sign-out stopped it', async () => {
      storeSession();
      setUp();
      service.start();
      await settle();
      void service.stop();
      await settle();
      service.reconnectNow();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(fake.starts).toBe(1);
      expect(reportedState(service).status).toBe('Disconnected');
    });
  });

  describe('stopped and started again before the stop has finished', () => {
    it('during a pending start: straight to connecting, then connected, never "Offline"', async () => {
      storeSession();
      setUp();
      service.start();
      void service.stop(); // sign-out while negotiating
      const from = states.length;
      service.start(); // and sign-in again
      await settle();
      expect(states.slice(from).map((state) => state.status)).toEqual(['Connecting', 'Connected']);
      expect(fake.starts).toBe(2);
    });

    it('while the connection is still Disconnecting: connects once it has closed, never "Offline"', async () => {
      storeSession();
      setUp();
      service.start();
      await settle();
      void service.stop();
      expect(fake.state).toBe('Disconnecting');
      const from = states.length;
      service.start();
      await settle();
      expect(states.slice(from)).toEqual([
        { status: 'Connecting', lastError: null, nextRetryAt: null },
        { status: 'Connected', lastError: null, nextRetryAt: null },
      ]);
      expect(fake.starts).toBe(2);
    });

    it('delivers no event of a connection that is stopping', async () => {
      storeSession();
      setUp();
      const received: number[] = [];
      service.getPhotoSyncProgress$().subscribe((event) => received.push(event.processedCount));
      service.start();
      service.joinAlbumGroup('a');
      await settle();
      const progress = (processedCount: number) => ({
        albumId: 'a',
        albumTagId: 't',
        processedCount,
        totalCount: 10,
        albumTagType: 'Raw',
        timestamp: '2026-11-22T10:00:00Z',
      });
      fake.emit('PhotoSyncProgress', progress(1));
      void service.stop();
      fake.emit('PhotoSyncProgress', progress(2));
      expect(received).toEqual([1]);
    });
  });

  describe('a token checked on every request (SSE, Long Polling)', () => {
    /** A 20-second session, as the e2e suite runs them: refreshed ~13.3 s in. */
    function startOn(transport: FakeHubConnection['transport']) {
      const first = storeSession({ expiresAt: Date.now() + 20_000, lifetimeMs: 20_000 });
      setUp();
      service.start();
      fake.transport = transport;
      return first;
    }

    async function refreshAt(ms: number, token: string) {
      await vi.advanceTimersByTimeAsync(ms);
      http
        .expectOne('/api/v1/auth/refresh')
        .flush({ accessToken: token, refreshToken: `r-${token.length}`, expiresIn: 20 });
      await settle();
    }

    for (const transport of ['ServerSentEvents', 'LongPolling'] as const) {
      it(`restarts a ${transport} connection before its token expires, with the renewed token, announced as a reconnect`, async () => {
        const first = startOn(transport);
        const announced: (readonly string[])[] = [];
        service.reconnected$.subscribe((albumIds) => announced.push(albumIds));
        service.joinAlbumGroup('album-1');
        await settle();
        expect(fake.negotiatedTokens).toEqual([first.accessToken]);

        const renewed = jwt({ name: 'renewed' });
        await refreshAt(13_500, renewed);
        expect(fake.starts).toBe(1); // renewed, but the connection still has its old token
        await vi.advanceTimersByTimeAsync(16_700 - 13_500);
        await settle();
        expect(fake.starts).toBe(2);
        expect(fake.negotiatedTokens).toEqual([first.accessToken, renewed]);
        expect(reportedState(service).status).toBe('Connected');
        expect(announced).toEqual([['album-1']]);
        expect(fake.invocations.filter((call) => call.method === 'JoinAlbumGroup')).toHaveLength(2);
      });
    }

    it('keeps a WebSocket connection: its token was checked at the upgrade only', async () => {
      startOn('WebSockets');
      await settle();
      await refreshAt(13_500, jwt({ name: 'second' }));
      await refreshAt(13_500, jwt({ name: 'third' }));
      await vi.advanceTimersByTimeAsync(5_000);
      expect(fake.starts).toBe(1);
    });

    it('schedules from the token the library reconnected with', async () => {
      startOn('ServerSentEvents');
      await settle();
      const renewed = jwt({ name: 'renewed' });
      await refreshAt(13_500, renewed);
      await fake.dropAndReconnect(); // the library's own reconnect negotiates with the new token
      await settle();
      await vi.advanceTimersByTimeAsync(16_000); // the old token's restart time is long past
      expect(fake.starts).toBe(1);
    });
  });
});
