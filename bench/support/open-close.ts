import type { Browser } from '@playwright/test';
import { openSignedIn } from './app-page';
import { groupSize } from './backend-api';

export interface OpenCloseRun {
  cycles: number;
  /** V8 heap used after forced GC (Runtime.getHeapUsage), compiled code included. */
  heapAfter10: number;
  heapAfterAll: number;
  growth: number;
  /** The same heap without V8's compiled code and DevTools' network buffers (heap snapshot). */
  objectsAfter10: number;
  objectsAfterAll: number;
  objectGrowth: number;
  /** Snapshot bytes by V8 node type ("code", "object", "string", …) after 10 and after all. */
  byTypeAfter10: Record<string, number>;
  byTypeAfterAll: Record<string, number>;
  /** Heap used at each checkpoint (cycles → bytes): JIT warm-up levels off, a leak keeps rising. */
  checkpoints: Record<number, number>;
  handlersBefore: number;
  handlersAfter: number;
  refCountsBefore: Record<string, number>;
  refCountsAfter: Record<string, number>;
  serverGroupBefore: number;
  serverGroupAfter: number;
  msPerCycle: number;
}

/**
 * Figure 6, one run: from the album list, open the album (its card's link) and close it
 * ("All albums"), as a person would, `cycles` times, each time waiting for the album's
 * tags to show and its group to be joined. JS heap after forced GC (CDP) after the
 * first 10 cycles and after the last.
 */
export async function openAndClose(options: {
  browser: Browser;
  appUrl: string;
  backendUrl: string;
  albumId: string;
  cycles: number;
}): Promise<OpenCloseRun> {
  const { context, page } = await openSignedIn(options.browser, options.appUrl, '/albums');
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    const heap = async () => {
      for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
      return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    };
    await page.locator(`a[href="/albums/${options.albumId}"]`).waitFor();
    await page.waitForFunction(
      () =>
        document.querySelector('app-connection-indicator')?.getAttribute('data-status') ===
        'Connected',
    );
    const before = await page.evaluate(() => window.__pfBench!.hubStats());
    // The list follows the album's card: "before" is once its join round is done, not
    // mid-join (the group would read 0 members, then 1 after the cycles, a false imbalance).
    const serverGroupBefore = await settledGroupSize(
      options.backendUrl,
      options.albumId,
      before.groupRefCounts[options.albumId] ?? 0,
    );
    const cycle = (count: number) =>
      page.evaluate(
        async ({ albumId, count }) => {
          const until = (check: () => boolean) =>
            new Promise<void>((done, fail) => {
              const deadline = performance.now() + 15_000;
              const poll = () => {
                if (check()) done();
                else if (performance.now() > deadline)
                  fail(new Error('open/close cycle timed out'));
                else setTimeout(poll, 5);
              };
              poll();
            });
          for (let i = 0; i < count; i++) {
            (document.querySelector(`a[href="/albums/${albumId}"]`) as HTMLElement).click();
            await until(
              () =>
                location.pathname === `/albums/${albumId}` &&
                document.querySelectorAll('[aria-label="Tags"] [role="listitem"]').length > 0 &&
                window.__pfBench!.hubStats().joinedGroups.includes(albumId),
            );
            (document.querySelector('nav a[href="/albums"]') as HTMLElement).click();
            await until(
              () =>
                location.pathname === '/albums' &&
                !!document.querySelector(`a[href="/albums/${albumId}"]`),
            );
          }
        },
        { albumId: options.albumId, count },
      );
    const objects = async () => {
      let chunks = '';
      const onChunk = (event: { chunk: string }) => (chunks += event.chunk);
      cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
      await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
      return snapshotBytes(JSON.parse(chunks) as HeapSnapshot);
    };
    await cycle(10);
    const heapAfter10 = await heap();
    const objectsAfter10 = await objects();
    const checkpoints: Record<number, number> = { 10: heapAfter10 };
    const started = Date.now();
    for (let done = 10; done < options.cycles;) {
      const next = Math.min(options.cycles, done + 50);
      await cycle(next - done);
      done = next;
      if (done < options.cycles) checkpoints[done] = await heap();
    }
    const msPerCycle = (Date.now() - started) / (options.cycles - 10);
    await page.waitForTimeout(500); // the last leave reaches the server
    const heapAfterAll = await heap();
    checkpoints[options.cycles] = heapAfterAll;
    const objectsAfterAll = await objects();
    const after = await page.evaluate(() => window.__pfBench!.hubStats());
    const serverGroupAfter = await groupSize(options.backendUrl, options.albumId);
    return {
      cycles: options.cycles,
      heapAfter10,
      heapAfterAll,
      growth: heapAfterAll / heapAfter10 - 1,
      objectsAfter10: objectsAfter10.objects,
      objectsAfterAll: objectsAfterAll.objects,
      objectGrowth: objectsAfterAll.objects / objectsAfter10.objects - 1,
      byTypeAfter10: objectsAfter10.byType,
      byTypeAfterAll: objectsAfterAll.byType,
      checkpoints,
      handlersBefore: before.handlers,
      handlersAfter: after.handlers,
      refCountsBefore: before.groupRefCounts,
      refCountsAfter: after.groupRefCounts,
      serverGroupBefore,
      serverGroupAfter,
      msPerCycle,
    };
  } finally {
    await context.close();
  }
}

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/**
 * Bytes the page's objects hold: every node of the snapshot but V8's compiled code
 * (type "code": it grows as the JIT warms up, then levels off) and the DevTools network
 * agent's buffers (the harness's CDP session keeps them, the page does not). Also the
 * bytes of each node type, so the JSON shows where a difference lies.
 */
function snapshotBytes(snapshot: HeapSnapshot): {
  objects: number;
  byType: Record<string, number>;
} {
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) =>
    fields.indexOf(field),
  );
  let objects = 0;
  const byType: Record<string, number> = {};
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt]];
    const size = snapshot.nodes[i + sizeAt];
    byType[type] = (byType[type] ?? 0) + size;
    if (type === 'code') continue;
    if (snapshot.strings[snapshot.nodes[i + nameAt]]?.startsWith('blink::NetworkResourcesData'))
      continue;
    objects += size;
  }
  return { objects, byType };
}

/** The album's group size once it holds `expected` members, or what it holds after 10 s. */
async function settledGroupSize(
  backendUrl: string,
  albumId: string,
  expected: number,
): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const size = await groupSize(backendUrl, albumId);
    if (size === expected || Date.now() > deadline) return size;
    await new Promise((done) => setTimeout(done, 50));
  }
}
