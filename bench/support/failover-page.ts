import type { BrowserContext, Page } from '@playwright/test';

/**
 * What figure 19 notes in each page, all as `Date.now()` instants of the page (the bench's
 * own lag kept out): the connection indicator's `data-status` as the DOM showed it, when
 * each request for the album started and ended (resource timing), the page's long tasks,
 * and the tab channel as the app itself used it (every message it sent, every message it
 * got, noted just before its handler ran): the same messages, in the same order, that the
 * app of that tab acted on.
 */
interface PageNotes {
  __statuses: [string, number][];
  /** Per album request: when the page asked, when the browser sent it, when it ended. */
  __albumAnswers: [number, number, number][];
  __longTasks: [number, number][];
  __tabTraffic: [number, 'sent' | 'got', TabNote][];
}

/** A tab message, shortened (relayed hub events are left out). */
interface TabNote {
  kind: string;
  from: string;
  status?: string;
  reconnect?: boolean;
  /** `joined`: per tab (first 8 characters of its id), how many of its albums the round names. */
  albums?: Record<string, number>;
}

/**
 * Before any page opens: the app's tab channel (`BroadcastChannel`) is noted as the app sends
 * and receives on it. Observes only: every message goes on unchanged, to the same handler.
 */
export async function noteTabChannel(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __tabTraffic: [number, string, unknown][] };
    w.__tabTraffic = [];
    const note = (way: 'sent' | 'got', data: unknown) => {
      const message = data as {
        kind?: string;
        tabId?: string;
        state?: { status?: string };
        reconnect?: boolean;
        albums?: Record<string, string[]>;
      };
      const shown: Record<string, unknown> = {
        kind: String(message?.kind),
        from: String(message?.tabId).slice(0, 8),
      };
      if (message?.state) shown['status'] = message.state.status;
      if (message?.kind === 'joined') {
        shown['reconnect'] = message.reconnect;
        shown['albums'] = Object.fromEntries(
          Object.entries(message.albums ?? {}).map(([tab, ids]) => [tab.slice(0, 8), ids.length]),
        );
      }
      // Relayed hub events: a flood of them would push the rest out of the notes.
      if (message?.kind === 'events') return;
      w.__tabTraffic.push([Date.now(), way, shown]);
      if (w.__tabTraffic.length > 2_000) w.__tabTraffic.splice(0, 1_000);
    };
    const proto = BroadcastChannel.prototype;
    const post = proto.postMessage;
    proto.postMessage = function (this: BroadcastChannel, message: unknown) {
      note('sent', message);
      return post.call(this, message);
    };
    const onmessage = Object.getOwnPropertyDescriptor(proto, 'onmessage')!;
    Object.defineProperty(proto, 'onmessage', {
      ...onmessage,
      set(this: BroadcastChannel, handler: ((event: MessageEvent) => unknown) | null) {
        onmessage.set!.call(
          this,
          handler &&
            ((event: MessageEvent) => {
              note('got', event.data);
              return handler.call(this, event);
            }),
        );
      },
    });
  });
}

/**
 * From now on, in the page: every change of the connection indicator, when each request
 * for the album (`path`) started, was sent and ended, and the page's long tasks. A blip before the
 * kill (tabs settling who leads) must not count as the recovery.
 */
export async function watchReconnect(page: Page, path: string): Promise<void> {
  await page.evaluate((path) => {
    const w = window as unknown as PageNotes;
    w.__statuses = [];
    w.__albumAnswers = [];
    w.__longTasks = [];
    const check = () => {
      const status =
        document.querySelector('app-connection-indicator')?.getAttribute('data-status') ?? '';
      if (w.__statuses.at(-1)?.[0] !== status) w.__statuses.push([status, Date.now()]);
    };
    check();
    // Resource and long-task times on the Date.now() scale of every other note here, by
    // the offset between the two clocks read now: not by performance.timeOrigin, the wall
    // clock at the page's load, which this machine's slewed wall clock leaves behind (its
    // two clocks part by about 0.1 ms a second, and in one run a leader tab's re-fetch,
    // started right after its reconnect round, was noted 2.7 s before the round, so the
    // page counted as never resynced).
    const onWallClock = (at: number) => Date.now() - performance.now() + at;
    // On every change of the DOM, not on a timer: a timer of a page the browser deems in
    // the background may be throttled to once a minute, and the page's outage missed.
    new MutationObserver(check).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-status'],
    });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
        if (new URL(entry.name).pathname === path)
          w.__albumAnswers.push([
            onWallClock(entry.startTime),
            onWallClock(entry.requestStart),
            onWallClock(entry.responseEnd),
          ]);
      }
    }).observe({ type: 'resource' });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        w.__longTasks.push([onWallClock(entry.startTime), entry.duration]);
    }).observe({ type: 'longtask' });
  }, path);
}

export interface PageRecovery {
  /** The indicator said Connected again (or, had it never shown the outage, the app heard so). */
  connectedAt: number;
  /** The end of the first album request the page started at or after its reconnect round. */
  refetchedAt: number;
  /**
   * How long that request waited in the browser before it was sent (asked → request sent):
   * for a connection, or behind another request for the same URL in the HTTP cache.
   */
  refetchQueuedMs: number;
  /** Whether the indicator showed the outage at all (a busy page may render only its end). */
  outageShown: boolean;
}

/**
 * When the page is live and resynced, as its user sees it: its indicator says Connected,
 * and it has its album from a request it started at or after the reconnect round its tab
 * heard of after the kill (the leader's `joined` with `reconnect`, as the app sent or got
 * it: the re-fetch follows it, so nothing older can pass for it). A page whose indicator
 * showed the outage counts as connected when it said Connected again; one that rendered
 * only the outage's end (two state changes before one render), from when its app heard
 * that the connection was back. A page that neither heard of a round nor re-fetched fails
 * the run with everything it noted.
 */
export async function recoveryOf(
  page: Page,
  since: number,
  tab: string,
  hubTraffic: readonly string[],
): Promise<PageRecovery> {
  const handle = await page
    .waitForFunction(
      (since) => {
        const w = window as unknown as PageNotes;
        const statuses = w.__statuses;
        // Down at the kill or after it (a page may have been reconnecting when it came).
        const down = statuses.findIndex(
          ([status, at], index) =>
            status !== 'Connected' && (at >= since || (statuses[index + 1]?.[1] ?? since) >= since),
        );
        const back = statuses.find(
          ([status], index) => down >= 0 && index > down && status === 'Connected',
        );
        if (down >= 0 && !back) return null;
        if (statuses.at(-1)?.[0] !== 'Connected') return null;
        const traffic = w.__tabTraffic.filter(([at]) => at >= since);
        const round = traffic.find(([, , note]) => note.kind === 'joined' && note.reconnect);
        if (!round) return null;
        const answer = w.__albumAnswers.find(([started]) => started >= round[0]);
        if (!answer) return null;
        const heardUp = traffic.findLast(
          ([at, , note]) => at <= round[0] && note.kind === 'state' && note.status === 'Connected',
        );
        return {
          connectedAt: back?.[1] ?? heardUp?.[0] ?? round[0],
          refetchedAt: answer[2],
          refetchQueuedMs: Math.round(answer[1] - answer[0]),
          outageShown: down >= 0,
        };
      },
      since,
      { timeout: 60_000, polling: 100 },
    )
    .catch(async (error: unknown) => {
      throw new Error(
        `${tab} not live and resynced 60 s after the kill. ${await describe(page, since)}; hub traffic: ${hubTraffic.join('; ')}`,
        { cause: error },
      );
    });
  return (await handle.jsonValue()) as PageRecovery;
}

/** Everything a page noted from a second before the kill, in ms after it. */
async function describe(page: Page, since: number): Promise<string> {
  return page
    .evaluate((since) => {
      const w = window as unknown as PageNotes;
      const ms = (at: number) => `${Math.round(at - since)} ms`;
      const note = ({ kind, from, status, reconnect, albums }: TabNote) =>
        [
          kind,
          `from ${from}`,
          status,
          reconnect === undefined ? '' : `reconnect ${reconnect}`,
          albums ? JSON.stringify(albums) : '',
        ]
          .filter(Boolean)
          .join(' ');
      return [
        `visibility ${document.visibilityState}`,
        `its indicator: ${w.__statuses.map(([status, at]) => `${status} ${ms(at)}`).join(', ')}`,
        `its album requests: ${w.__albumAnswers.map(([start, sent, end]) => `${ms(start)} (sent ${ms(sent)})–${ms(end)}`).join(', ') || 'none'}`,
        `its tab channel: ${
          w.__tabTraffic
            .filter(([at]) => at >= since - 1_000)
            .map(([at, way, shown]) => `${ms(at)} ${way} ${note(shown)}`)
            .join('; ') || 'nothing'
        }`,
        `its long tasks: ${
          w.__longTasks
            .filter(([at]) => at >= since - 1_000)
            .map(([at, duration]) => `${ms(at)} ${Math.round(duration)} ms`)
            .join(', ') || 'none'
        }`,
      ].join('; ');
    }, since)
    .catch((error: unknown) => `(the page could not say: ${String(error)})`);
}
