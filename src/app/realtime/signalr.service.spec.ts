import { reportedState } from './fake-hub-connection.testing';
import { allTransports } from './hub-connection';
import { environment, settle, signalRServiceBed } from './signalr.service.testing';

describe('SignalRService', () => {
  const bed = signalRServiceBed();

  describe('the connection', () => {
    it('negotiates over https for a documented wss address, offering all transports', async () => {
      bed.setUp();
      bed.service.start();
      await settle();
      expect(bed.fake.config.url).toBe('https://dev.api.photoflow.vn/hubs/notification');
      expect(bed.fake.config.transport).toBe(allTransports);
      await expect(bed.fake.config.accessTokenFactory()).resolves.toBe('token-1');
    });

    it('is built once and reports its state as a signal and an observable', async () => {
      bed.setUp();
      const seen: string[] = [];
      bed.service.connectionState$.subscribe((state) => seen.push(state.status));
      bed.service.start();
      bed.service.start();
      await settle();
      expect(bed.built).toBe(1);
      expect(bed.fake.starts).toBe(1);
      expect(reportedState(bed.service).status).toBe('Connected');
      expect(seen).toEqual(['Disconnected', 'Connecting', 'Connected']);
    });

    it('reports reconnecting with the error that caused it', async () => {
      bed.setUp();
      bed.service.start();
      await settle();
      bed.fake.drop(new Error('network cut'));
      expect(reportedState(bed.service)).toEqual({
        status: 'Reconnecting',
        lastError: 'network cut',
        nextRetryAt: null,
      });
      bed.fake.reconnect();
      expect(reportedState(bed.service).status).toBe('Connected');
      expect(reportedState(bed.service).lastError).toBeNull();
    });
  });

  describe('album groups', () => {
    it('joins a group once for two views and leaves it when the last view leaves', async () => {
      bed.setUp();
      bed.service.start();
      await settle();
      bed.service.joinAlbumGroup('album-1');
      bed.service.joinAlbumGroup('album-1');
      await settle();
      expect(bed.joins()).toEqual([{ method: 'JoinAlbumGroup', albumId: 'album-1' }]);

      bed.service.leaveAlbumGroup('album-1');
      await settle();
      expect(bed.leaves()).toEqual([]);
      expect(bed.service.stats().groupRefCounts).toEqual({ 'album-1': 1 });

      bed.service.leaveAlbumGroup('album-1');
      await settle();
      expect(bed.leaves()).toEqual([{ method: 'LeaveAlbumGroup', albumId: 'album-1' }]);
      expect(bed.service.stats().groupRefCounts).toEqual({});
    });

    it('queues joins made while disconnected and applies them on connect, without throwing', async () => {
      bed.setUp();
      expect(() => bed.service.joinAlbumGroup('album-1')).not.toThrow();
      bed.service.joinAlbumGroup('album-2');
      bed.service.start();
      expect(bed.joins()).toEqual([]);
      await settle();
      expect(bed.joins().map((call) => call.albumId)).toEqual(['album-1', 'album-2']);
      expect(bed.service.stats().joinedGroups).toEqual(['album-1', 'album-2']);
    });

    it('queues joins made while reconnecting, and a join then leave while away sends nothing', async () => {
      bed.setUp();
      bed.service.start();
      await settle();
      bed.fake.drop();
      bed.service.joinAlbumGroup('album-1');
      bed.service.joinAlbumGroup('album-2');
      bed.service.leaveAlbumGroup('album-2');
      await settle();
      expect(bed.fake.invocations).toEqual([]);
      bed.fake.reconnect();
      await settle();
      expect(bed.fake.invocations).toEqual([{ method: 'JoinAlbumGroup', albumId: 'album-1' }]);
    });

    it('joins every group again after a reconnect, then announces it', async () => {
      bed.setUp();
      const announced: (readonly string[])[] = [];
      bed.service.reconnected$.subscribe((albumIds) => announced.push(albumIds));
      bed.service.start();
      await settle();
      bed.service.joinAlbumGroup('album-1');
      bed.service.joinAlbumGroup('album-2');
      await settle();
      expect(announced).toEqual([]); // the first connection is not a reconnect

      bed.fake.drop();
      bed.fake.reconnect();
      await settle();
      expect(bed.joins().map((call) => call.albumId)).toEqual([
        'album-1',
        'album-2',
        'album-1',
        'album-2',
      ]);
      expect(announced).toEqual([['album-1', 'album-2']]);
    });

    it('announces the reconnect only once the groups are joined again', async () => {
      bed.setUp();
      const announced: (readonly string[])[] = [];
      bed.service.reconnected$.subscribe((albumIds) => announced.push(albumIds));
      bed.service.start();
      bed.service.joinAlbumGroup('album-1');
      await settle();
      let release!: () => void;
      bed.fake.answer = () => new Promise<void>((resolve) => (release = resolve));
      bed.fake.drop();
      bed.fake.reconnect();
      await settle();
      expect(announced).toEqual([]);
      release();
      await settle();
      expect(announced).toEqual([['album-1']]);
    });

    it('reports a refused join, keeps the album wanted and asks again only on the next connection', async () => {
      bed.setUp();
      const refusals: unknown[] = [];
      bed.service.joinRefused$.subscribe((refusal) => refusals.push(refusal));
      bed.service.start();
      await settle();
      bed.fake.answer = (method, albumId) =>
        albumId === 'other-studio'
          ? Promise.reject(
              new Error(
                "An unexpected error occurred invoking 'JoinAlbumGroup' on the server. HubException: Album not found",
              ),
            )
          : Promise.resolve();
      bed.service.joinAlbumGroup('other-studio');
      bed.service.joinAlbumGroup('album-1');
      await settle();
      expect(refusals).toEqual([{ albumId: 'other-studio', reason: 'Album not found' }]);
      expect(bed.service.stats().joinedGroups).toEqual(['album-1']);
      expect(Object.keys(bed.service.stats().groupRefCounts)).toEqual(['other-studio', 'album-1']);
      expect(bed.joins().filter((call) => call.albumId === 'other-studio')).toHaveLength(1);

      bed.fake.drop();
      bed.fake.reconnect();
      await settle();
      expect(bed.joins().filter((call) => call.albumId === 'other-studio')).toHaveLength(2);
    });

    it('does not take a join lost with the connection for a refusal', async () => {
      bed.setUp();
      const refusals: unknown[] = [];
      bed.service.joinRefused$.subscribe((refusal) => refusals.push(refusal));
      bed.service.start();
      await settle();
      let fail!: (error: Error) => void;
      bed.fake.answer = () => new Promise((_, reject) => (fail = reject));
      bed.service.joinAlbumGroup('album-1');
      await settle();
      bed.fake.drop();
      fail(new Error('Invocation canceled due to the underlying connection being closed.'));
      await settle();
      expect(refusals).toEqual([]);
      bed.fake.answer = () => Promise.resolve();
      bed.fake.reconnect();
      await settle();
      expect(bed.service.stats().joinedGroups).toEqual(['album-1']);
    });
  });

  describe('transport', () => {
    it('uses the transport the environment forces', async () => {
      bed.setUp({ ...environment, hubTransport: 'LongPolling' });
      bed.service.start();
      bed.service.joinAlbumGroup('album-1');
      await settle();
      expect(bed.fake.config.transport).toBe(4); // HttpTransportType.LongPolling
    });
  });
});
