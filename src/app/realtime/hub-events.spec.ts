import * as v from 'valibot';
import { hubEventSchemas } from '../api/hub-event-schemas';
import { checkHubEvent, fastCheckProgress } from './hub-events';

const valid = {
  albumId: 'album-1',
  albumTagId: 'tag-1',
  processedCount: 50,
  totalCount: 100,
  albumTagType: 'Raw',
  estimatedSecondsRemaining: 12,
  timestamp: '2026-11-22T10:00:00.123Z',
  type: 'photo_sync_progress',
};

/** Progress payloads, good and bad, on which the fast path and the schema must agree. */
const cases: unknown[] = [
  valid,
  { ...valid, estimatedSecondsRemaining: undefined },
  { ...valid, estimatedSecondsRemaining: null },
  { ...valid, type: undefined },
  { ...valid, extra: 'field' },
  { ...valid, processedCount: 100 },
  { ...valid, processedCount: 0, totalCount: 0 },
  { ...valid, processedCount: 101 },
  { ...valid, processedCount: -1 },
  { ...valid, processedCount: 1.5 },
  { ...valid, processedCount: '50' },
  { ...valid, totalCount: Number.NaN },
  { ...valid, albumId: '' },
  { ...valid, albumId: 'x'.repeat(101) },
  { ...valid, albumTagId: 7 },
  { ...valid, albumId: 'constructor' },
  { ...valid, albumTagId: '__proto__' },
  { ...valid, albumTagType: 'Holiday' },
  { ...valid, timestamp: 'yesterday' },
  { ...valid, timestamp: '1' },
  { ...valid, timestamp: '2026' },
  { ...valid, timestamp: '' },
  { ...valid, timestamp: '2026-13-01T00:00:00Z' },
  { ...valid, timestamp: '2026-11-22T10:00:00' },
  { ...valid, timestamp: 1_795_000_000_000 },
  { ...valid, timestamp: '2026-11-22T10:00:00.1234567Z' },
  { ...valid, timestamp: '2026-11-22T17:00:00.5+07:00' },
  { ...valid, timestamp: '2026-11-22T10:00:00Z' },
  { ...valid, timestamp: '2026-11-22T10:00:00Z'.padEnd(65, ' ') },
  { ...valid, type: 'sync_error' },
  { ...valid, estimatedSecondsRemaining: -3 },
  { ...valid, estimatedSecondsRemaining: '3' },
  (({ albumTagType: _, ...rest }) => rest)(valid),
  null,
  'PhotoSyncProgress',
  [valid],
];

describe('hub event validation', () => {
  it('agrees with the schema on every case, fast path or not', () => {
    for (const payload of cases) {
      const schema = v.safeParse(hubEventSchemas.PhotoSyncProgress, payload);
      const fast = fastCheckProgress(payload);
      expect({ payload, ok: fast !== null }).toEqual({ payload, ok: schema.success });
      if (fast && schema.success) expect(fast).toEqual(schema.output);
    }
  });

  it('hands on timestamps as canonical UTC instants, whatever the rendering', () => {
    const progress = checkHubEvent('PhotoSyncProgress', [
      { ...valid, timestamp: '2026-11-22T17:00:00.5+07:00' },
    ]);
    expect(progress.ok && progress.payload.timestamp).toBe('2026-11-22T10:00:00.500Z');
    const failed = checkHubEvent('AlbumSyncError', [
      { albumId: 'a', message: 'm', timestamp: '2026-11-22T10:00:00.1234567Z' },
    ]);
    expect(failed.ok && failed.payload.timestamp).toBe('2026-11-22T10:00:00.123Z');
    expect(
      checkHubEvent('AlbumSyncStarted', [{ albumId: 'a', message: 'm', timestamp: '1' }]),
    ).toMatchObject({ ok: false, detail: expect.stringContaining('timestamp: not an ISO 8601') });
  });

  it("keeps only the contract's fields", () => {
    const check = checkHubEvent('PhotoSyncProgress', [
      { ...valid, extra: 'x', __proto__: { polluted: true } },
    ]);
    expect(check.ok && Object.keys(check.payload).sort()).toEqual(Object.keys(valid).sort());
  });

  it('says what is wrong with a malformed event', () => {
    expect(
      checkHubEvent('PhotoSyncProgress', [{ ...valid, albumTagType: 'Holiday' }]),
    ).toMatchObject({
      ok: false,
      reason: 'malformed',
      detail: expect.stringContaining('albumTagType'),
    });
  });

  it('checks every event of the contract, and nothing else', () => {
    const at = '2026-11-22T10:00:00Z';
    expect(
      checkHubEvent('AlbumStateChanged', [
        { albumId: 'a', oldState: 'Rate', newState: 'Retouch', message: 'm', timestamp: at },
      ]).ok,
    ).toBe(true);
    expect(
      checkHubEvent('AlbumTagStatusChanged', [
        {
          albumId: 'a',
          albumTagId: 't',
          oldStatus: 'Syncing',
          newStatus: 'Ready',
          message: 'm',
          timestamp: at,
        },
      ]).ok,
    ).toBe(true);
    expect(
      checkHubEvent('AlbumSyncCompleted', [{ albumId: 'a', message: 'm', timestamp: at }]).ok,
    ).toBe(true);
    expect(
      checkHubEvent('AlbumSyncError', [{ albumId: 'a', message: 'x'.repeat(2001), timestamp: at }])
        .ok,
    ).toBe(false);
    expect(
      checkHubEvent('AlbumStateChanged', [
        { albumId: 'a', oldState: 'Rate', newState: 'Paris', message: 'm', timestamp: at },
      ]).ok,
    ).toBe(false);
    expect(checkHubEvent('ReceiveMessage', [{}])).toMatchObject({
      ok: false,
      reason: 'unknown-target',
    });
  });

  it('refuses ids every object already has: they would break the store', () => {
    const at = '2026-11-22T10:00:00Z';
    for (const albumId of ['constructor', '__proto__', 'toString']) {
      expect(
        checkHubEvent('AlbumSyncStarted', [{ albumId, message: 'm', timestamp: at }]),
      ).toMatchObject({
        ok: false,
        reason: 'malformed',
        detail: expect.stringContaining('albumId'),
      });
    }
    expect(fastCheckProgress({ ...valid, albumTagId: 'hasOwnProperty' })).toBeNull();
    expect(checkHubEvent('PhotoSyncProgress', [{ ...valid, albumTagId: 'valueOf' }]).ok).toBe(
      false,
    );
  });
});
