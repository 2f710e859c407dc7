import type { PhotoSyncProgress } from '../api/models';
import { reportedState } from './fake-hub-connection.testing';
import { progress, settle, signalRServiceBed } from './signalr.service.testing';

describe('SignalRService', () => {
  const bed = signalRServiceBed();

  describe('events', () => {
    it('delivers each event to its own stream, typed and stripped to the contract', async () => {
      bed.setUp();
      bed.service.start();
      bed.service.joinAlbumGroup('album-1');
      await settle();
      const received: PhotoSyncProgress[] = [];
      const states: unknown[] = [];
      bed.service.getPhotoSyncProgress$().subscribe((event) => received.push(event));
      bed.service.getAlbumStateChanged$().subscribe((event) => states.push(event));
      bed.fake.emit('PhotoSyncProgress', { ...progress(50), extra: 'ignored' });
      bed.fake.emit('photosyncprogress', progress(60)); // targets are case-insensitive
      expect(received.map((event) => event.processedCount)).toEqual([50, 60]);
      expect('extra' in received[0]).toBe(false);
      expect(states).toEqual([]);
    });

    it('drops the events of an album no view wants (its group being left)', async () => {
      bed.setUp();
      bed.service.start();
      bed.service.joinAlbumGroup('album-1');
      await settle();
      const received: PhotoSyncProgress[] = [];
      bed.service.getPhotoSyncProgress$().subscribe((event) => received.push(event));
      bed.fake.emit('PhotoSyncProgress', progress(10));
      bed.service.leaveAlbumGroup('album-1');
      bed.fake.emit('PhotoSyncProgress', progress(20)); // sent before the server took the leave
      expect(received.map((event) => event.processedCount)).toEqual([10]);
    });

    it('drops malformed and unknown events, counts them and logs each kind once', async () => {
      bed.setUp();
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      bed.service.start();
      bed.service.joinAlbumGroup('album-1');
      await settle();
      const received: PhotoSyncProgress[] = [];
      bed.service.getPhotoSyncProgress$().subscribe((event) => received.push(event));

      bed.fake.emit('PhotoSyncProgress', progress(101)); // beyond the total
      bed.fake.emit('PhotoSyncProgress', { ...progress(1), processedCount: '1' });
      bed.fake.emit('PhotoSyncProgress', { albumId: 'album-1' });
      bed.fake.emit('PhotoSyncProgress', progress(1), progress(2)); // two arguments
      bed.fake.emit('PhotoSyncProgress', { ...progress(1), timestamp: 'yesterday' });
      bed.fake.emit('PhotoSyncProgress', { ...progress(1), albumTagType: 'Holiday' });
      bed.fake.emit('AlbumStateChanged', {
        albumId: 'a',
        oldState: 'Raw',
        newState: 'Nowhere',
        message: '',
        timestamp: '2026-11-22T10:00:00Z',
      });
      bed.fake.emit('AlbumSyncError', {
        albumId: 'a',
        message: 'x'.repeat(100_000),
        timestamp: '2026-11-22T10:00:00Z',
      });
      bed.fake.emit('DeleteEverything', {});
      bed.fake.emit('DeleteEverything', {});
      bed.fake.emit('PhotoSyncProgress', progress(5));

      expect(received.map((event) => event.processedCount)).toEqual([5]);
      expect(bed.service.droppedEventCount()).toBe(10);
      // One line per kind of drop: malformed PhotoSyncProgress, AlbumStateChanged, AlbumSyncError, unknown target.
      expect(warn).toHaveBeenCalledTimes(4);
    });

    it('drops a record it cannot parse without losing the connection or the records around it', async () => {
      bed.setUp();
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      bed.service.start();
      bed.service.joinAlbumGroup('album-1');
      await settle();
      const received: number[] = [];
      bed.service.getPhotoSyncProgress$().subscribe((event) => received.push(event.processedCount));
      const record = (count: number) =>
        `${JSON.stringify({ type: 1, target: 'PhotoSyncProgress', arguments: [progress(count)] })}\u001e`;
      bed.fake.receive(
        `${record(1)}{not json\u001e${JSON.stringify({ type: 1, arguments: [] })}\u001e${record(2)}`,
      );
      expect(received).toEqual([1, 2]);
      expect(bed.service.droppedEventCount()).toBe(2);
      expect(reportedState(bed.service).status).toBe('Connected');
    });

    it('registers its handlers once: no duplicate events after 10 reconnects and 10 recoveries', async () => {
      bed.setUp();
      bed.service.start();
      bed.service.joinAlbumGroup('album-1');
      await settle();
      for (let i = 0; i < 10; i++) {
        bed.fake.drop();
        bed.fake.reconnect();
        bed.fake.close();
        await settle();
      }
      expect(bed.fake.starts).toBe(11);
      expect(bed.built).toBe(1);
      expect(bed.fake.handlerRegistrations).toBe(8);
      expect(bed.service.stats().handlers).toBe(8);
      const received: number[] = [];
      bed.service.getPhotoSyncProgress$().subscribe((event) => received.push(event.processedCount));
      bed.fake.emit('PhotoSyncProgress', progress(7));
      expect(received).toEqual([7]);
    });
  });
});
