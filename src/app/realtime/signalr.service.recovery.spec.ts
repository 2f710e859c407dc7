import { reportedState } from './fake-hub-connection.testing';
import { environment, settle, signalRServiceBed } from './signalr.service.testing';

describe('SignalRService', () => {
  const bed = signalRServiceBed();

  describe('recovery', () => {
    it('keeps recovering after the library gives up, rejoins and announces it', async () => {
      bed.setUp();
      const announced: (readonly string[])[] = [];
      bed.service.reconnected$.subscribe((albumIds) => announced.push(albumIds));
      bed.service.start();
      bed.service.joinAlbumGroup('album-1');
      await settle();

      bed.fake.startFailures.push(new Error('Failed to complete negotiation'));
      bed.fake.close(new Error('Reconnect retries have been exhausted'));
      expect(reportedState(bed.service).status).toBe('Disconnected');
      expect(reportedState(bed.service).lastError).toBe('Reconnect retries have been exhausted');
      await settle(); // first recovery: at once, and it fails
      expect(bed.fake.starts).toBe(2);
      expect(reportedState(bed.service).nextRetryAt).not.toBeNull();

      await vi.advanceTimersByTimeAsync(1000); // second recovery: after about a second
      await settle();
      expect(bed.fake.starts).toBe(3);
      expect(reportedState(bed.service).status).toBe('Connected');
      expect(bed.joins()).toHaveLength(2);
      expect(announced).toEqual([['album-1']]);
    });

    it('retries a first start that failed, which the library never does', async () => {
      bed.setUp({ ...environment, reconnect: { ...environment.reconnect, fastDelaysMs: [500] } });
      bed.fake = undefined as never;
      bed.service.joinAlbumGroup('album-1');
      bed.service.start();
      bed.fake.startFailures.push(
        new Error("Failed to complete negotiation with the server: Error: Status code '503'"),
      );
      await settle();
      expect(reportedState(bed.service).status).toBe('Disconnected');
      expect(reportedState(bed.service).lastError).toContain('503');
      expect(reportedState(bed.service).nextRetryAt).toBe(Date.now() + 500);
      await vi.advanceTimersByTimeAsync(499);
      expect(bed.fake.starts).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(bed.fake.starts).toBe(2);
      await settle();
      expect(reportedState(bed.service).status).toBe('Connected');
      expect(bed.joins().map((call) => call.albumId)).toEqual(['album-1']);
    });

    it('tries at once when the browser comes back online', async () => {
      bed.setUp({
        ...environment,
        reconnect: { ...environment.reconnect, fastDelaysMs: [20_000] },
      });
      bed.service.start();
      await settle();
      bed.fake.close();
      await settle();
      expect(bed.fake.starts).toBe(1); // waiting 20 s
      window.dispatchEvent(new Event('online'));
      await settle();
      expect(bed.fake.starts).toBe(2);
      expect(reportedState(bed.service).status).toBe('Connected');
    });

    it('tries at once when the tab becomes visible, not when it is hidden', async () => {
      bed.setUp({
        ...environment,
        reconnect: { ...environment.reconnect, fastDelaysMs: [20_000] },
      });
      bed.service.start();
      await settle();
      bed.fake.close();
      await settle();
      const visibility = vi.spyOn(document, 'visibilityState', 'get');
      visibility.mockReturnValue('hidden');
      document.dispatchEvent(new Event('visibilitychange'));
      await settle();
      expect(bed.fake.starts).toBe(1);
      visibility.mockReturnValue('visible');
      document.dispatchEvent(new Event('visibilitychange'));
      await settle();
      expect(bed.fake.starts).toBe(2);
    });

    it("reconnects now on demand, cutting the library's wait short", async () => {
      bed.setUp({
        ...environment,
        reconnect: { ...environment.reconnect, fastDelaysMs: [20_000] },
      });
      bed.service.start();
      await settle();
      bed.fake.drop();
      bed.service.reconnectNow();
      await settle();
      expect(bed.fake.stops).toBe(1);
      expect(bed.fake.starts).toBe(2);
      expect(reportedState(bed.service).status).toBe('Connected');
    });

    it('never reconnects after a deliberate stop', async () => {
      bed.setUp();
      bed.service.start();
      bed.service.joinAlbumGroup('album-1');
      await settle();
      const stopped = bed.service.stop(); // goes through Disconnecting, a task later
      await settle();
      await stopped;
      expect(reportedState(bed.service)).toEqual({
        status: 'Disconnected',
        lastError: null,
        nextRetryAt: null,
      });
      window.dispatchEvent(new Event('online'));
      document.dispatchEvent(new Event('visibilitychange'));
      await vi.advanceTimersByTimeAsync(120_000);
      expect(bed.fake.starts).toBe(1);
    });

    it('does not recover a start that a stop overtook', async () => {
      bed.setUp();
      bed.service.start();
      bed.fake.startFailures.push(new Error('aborted'));
      const stopped = bed.service.stop(); // goes through Disconnecting, a task later
      await settle();
      await stopped;
      await vi.advanceTimersByTimeAsync(120_000);
      expect(bed.fake.starts).toBe(1);
      expect(reportedState(bed.service).status).toBe('Disconnected');
    });
  });
});
