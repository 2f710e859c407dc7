import { TestBed } from '@angular/core/testing';
import fc from 'fast-check';
import { storeSession } from '../auth/session.testing';
import { FakeHubConnection, fakeHubProviders, reportedState } from './fake-hub-connection.testing';
import { HUB_STATE } from './hub-connection';
import { SignalRService } from './signalr.service';

/**
 * The back/forward cache takes no page with an open connection (Safari and Firefox refuse
 * a WebSocket; Chromium evicts a page whose channel hears a message): the hub closes on
 * `pagehide` and comes back on `pageshow` from the cache, announced as a reconnect so the
 * stores re-fetch what the page shows.
 */
describe('SignalRService and the back/forward cache', () => {
  let connections: FakeHubConnection[];
  let service: SignalRService;
  let reconnects: (readonly string[])[];

  const fake = () => connections.at(-1)!;
  const settle = async () => {
    for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(1);
  };
  const hide = () => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
  const show = (persisted: boolean) =>
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted }));

  function setUp() {
    connections = [];
    TestBed.configureTestingModule({
      providers: fakeHubProviders((made) => connections.push(made)),
    });
    service = TestBed.inject(SignalRService);
    reconnects = [];
    service.reconnected$.subscribe((albumIds) => reconnects.push(albumIds));
  }

  async function connectedWithAlbum(): Promise<void> {
    storeSession();
    setUp();
    service.start();
    service.joinAlbumGroup('album-1');
    await settle();
    expect(fake().state).toBe(HUB_STATE.Connected);
  }

  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
  });

  it('closes the connection on pagehide and tries nothing while the page is away', async () => {
    await connectedWithAlbum();
    hide();
    await settle();
    expect(fake().state).toBe(HUB_STATE.Disconnected);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(fake().starts, 'no recovery from the cache').toBe(1);
  });

  it('connects again on pageshow from the cache, rejoins, and announces a reconnect', async () => {
    await connectedWithAlbum();
    hide();
    await settle();
    show(true);
    await settle();
    expect(fake().starts).toBe(2);
    expect(reportedState(service).status).toBe('Connected');
    expect(fake().invocations.filter((call) => call.method === 'JoinAlbumGroup')).toHaveLength(2);
    expect(reconnects, 'the stores re-fetch what the page shows').toEqual([['album-1']]);
  });

  it('a pageshow that is a first load (not persisted) changes nothing', async () => {
    await connectedWithAlbum();
    show(false);
    await settle();
    expect(fake().starts).toBe(1);
    expect(reconnects).toEqual([]);
  });

  it('signed out, neither event starts the hub', async () => {
    setUp();
    hide();
    show(true);
    await settle();
    expect(connections).toEqual([]);
  });

  it('after any order of hides, shows, drops and give-ups, the last show leaves one live connection and a reconnect', async () => {
    type Step = 'hide' | 'show' | 'settle' | 'drop' | 'close';
    const steps = fc.array(fc.constantFrom<Step>('hide', 'show', 'settle', 'drop', 'close'), {
      maxLength: 12,
    });
    await fc.assert(
      fc.asyncProperty(steps, async (script) => {
        TestBed.resetTestingModule();
        localStorage.clear();
        await connectedWithAlbum();
        for (const step of script) {
          if (step === 'hide') hide();
          else if (step === 'show') show(true);
          else if (step === 'settle') await settle();
          else if (step === 'drop' && fake().state === HUB_STATE.Connected) fake().drop();
          else if (step === 'close' && fake().state === HUB_STATE.Reconnecting) fake().close();
        }
        hide();
        await settle();
        const startsWhileAway = fake().starts;
        await vi.advanceTimersByTimeAsync(120_000);
        expect(fake().starts, 'nothing connects while the page is away').toBe(startsWhileAway);
        expect(fake().state).toBe(HUB_STATE.Disconnected);
        reconnects.length = 0;
        show(true);
        await settle();
        expect(fake().state).toBe(HUB_STATE.Connected);
        expect(reportedState(service).status).toBe('Connected');
        expect(reconnects).toEqual([['album-1']]);
      }),
      { numRuns: 40 },
    );
  });
});
