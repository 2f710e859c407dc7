/**
 * Progress coalesced at the send (issue 20), over generated interleavings of albums, tags,
 * other events and time: the latest count of a tag always arrives; at most one progress of
 * a tag per interval unless another event of its album forced it out; a tag's progress never
 * crosses another event of its album.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import fc from 'fast-check';
import { albumEvent, type AlbumEvent } from '../src/photoflow/events.ts';
import { ProgressCoalescer } from '../src/photoflow/progress-coalescer.ts';

const intervalMs = 250;
const albums = ['a1', 'a2'];
const tags = ['t1', 't2', 't3'];

type Step =
  | { readonly kind: 'progress'; readonly album: number; readonly tag: number }
  | { readonly kind: 'other'; readonly album: number }
  | { readonly kind: 'wait'; readonly ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('progress' as const),
      album: fc.nat(1),
      tag: fc.nat(2),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('other' as const), album: fc.nat(1) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.integer({ min: 0, max: 400 }),
    }),
  },
);

/** What went in and what came out, each with its sequence number and time. */
interface Sent {
  readonly event: AlbumEvent;
  readonly seq: number;
  readonly at: number;
}

describe('ProgressCoalescer', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 }));
  afterEach(() => mock.timers.reset());

  it('the latest count wins, a tag goes out at most once per interval, an album keeps its order', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const out: Sent[] = [];
        const seqOf = new Map<AlbumEvent, number>();
        const coalescer = new ProgressCoalescer(
          (event) => out.push({ event, seq: seqOf.get(event)!, at: Date.now() }),
          intervalMs,
        );
        const counts = new Map<string, number>();
        const input: Sent[] = [];
        for (const s of steps) {
          if (s.kind === 'wait') {
            mock.timers.tick(s.ms);
            continue;
          }
          const albumId = albums[s.album]!;
          let event: AlbumEvent;
          if (s.kind === 'progress') {
            const key = `${albumId}/${tags[s.tag]}`;
            const count = (counts.get(key) ?? 0) + 1;
            counts.set(key, count);
            event = albumEvent.syncProgress({
              albumId,
              albumTagId: tags[s.tag]!,
              albumTagType: 'Raw',
              processedCount: count,
              totalCount: 1_000,
            });
          } else {
            event = albumEvent.syncStarted(albumId, 'Raw');
          }
          seqOf.set(event, input.length);
          input.push({ event, seq: input.length, at: Date.now() });
          coalescer.send(event);
        }
        mock.timers.tick(intervalMs * 10);

        // Every event that is not progress arrives, once, in order.
        const others = (list: Sent[]) =>
          list.filter((s) => s.event.target !== 'PhotoSyncProgress').map((s) => s.seq);
        assert.deepEqual(others(out), others(input));
        // Within an album, a tag's progress and the album's other events keep their order
        // (tags are independent of each other).
        for (const albumId of albums) {
          for (const tag of tags) {
            const seqs = out
              .filter(
                (s) =>
                  s.event.payload.albumId === albumId &&
                  (s.event.target !== 'PhotoSyncProgress' || s.event.payload.albumTagId === tag),
              )
              .map((s) => s.seq);
            assert.deepEqual(
              seqs,
              [...seqs].sort((a, b) => a - b),
            );
          }
        }
        for (const [key, latest] of counts) {
          const [albumId, tag] = key.split('/');
          const ofTag = out.filter(
            (s) =>
              s.event.target === 'PhotoSyncProgress' &&
              s.event.payload.albumId === albumId &&
              s.event.payload.albumTagId === tag,
          );
          // The latest count always arrives, last.
          const last = ofTag.at(-1)?.event;
          assert.equal(last?.target === 'PhotoSyncProgress' && last.payload.processedCount, latest);
          // Closer than the interval only when another event of the album forced it out.
          for (let i = 1; i < ofTag.length; i++) {
            const [before, after] = [ofTag[i - 1]!, ofTag[i]!];
            if (after.at - before.at >= intervalMs) continue;
            const forced = out.some(
              (s) =>
                s.event.target !== 'PhotoSyncProgress' &&
                s.event.payload.albumId === albumId &&
                s.seq > after.seq &&
                s.at === after.at,
            );
            assert.ok(forced, `${key}: two sends ${after.at - before.at} ms apart`);
          }
        }
        coalescer.flushAll();
      }),
      { numRuns: 300 },
    );
  });

  it('a flood of one tag costs a few sends a second, the last one exact', () => {
    const out: AlbumEvent[] = [];
    const coalescer = new ProgressCoalescer((event) => out.push(event), intervalMs);
    for (let count = 1; count <= 20_000; count++) {
      coalescer.send(
        albumEvent.syncProgress({
          albumId: 'a1',
          albumTagId: 't1',
          albumTagType: 'Raw',
          processedCount: count,
          totalCount: 20_000,
        }),
      );
      if (count % 20 === 0) mock.timers.tick(1); // 20,000 a second, for one second
    }
    mock.timers.tick(intervalMs);
    assert.ok(out.length <= 6, `${out.length} sends`);
    assert.equal(out.at(-1)?.payload.albumId, 'a1');
    assert.equal((out.at(-1)?.payload as { processedCount: number }).processedCount, 20_000);
  });
});
