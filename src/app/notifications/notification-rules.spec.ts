import { HubEventActions } from '../realtime/notification-hub.actions';
import { albumNewsOf, isAway, notificationText } from './notification-rules';
import { albumTabTitle, unseenCount } from './tab-title';

const at = '2026-12-02T04:00:00.000Z';
const changed = (oldState: string, newState: string) =>
  HubEventActions.AlbumStateChanged({
    event: { albumId: 'x', oldState, newState, message: '', timestamp: at },
  } as never);

describe('notification rules', () => {
  it('tells the client’s steps, never the photographer’s', () => {
    expect(albumNewsOf(changed('Stock', 'Rate'))?.news).toEqual({ kind: 'clientPicked' });
    expect(albumNewsOf(changed('Feedback', 'Revision'))?.news).toEqual({
      kind: 'clientAskedRevision',
    });
    expect(albumNewsOf(changed('Feedback', 'Approved'))?.news).toEqual({ kind: 'clientApproved' });
    for (const [from, to] of [
      ['Init', 'Raw'],
      ['Raw', 'Stock'],
      ['Rate', 'Retouch'],
      ['Retouch', 'Feedback'],
      ['Approved', 'Final'],
      ['Final', 'Closed'],
    ]) {
      expect(albumNewsOf(changed(from, to)), `${from} → ${to}`).toBe(null);
    }
  });

  it('tells a sync’s end with its count, and its failure with the reason', () => {
    const done = albumNewsOf(
      HubEventActions.PhotoSyncCompleted({
        event: {
          albumId: 'x',
          albumTagId: 't',
          processedCount: 2400,
          totalCount: 2400,
          albumTagType: 'Raw',
          message: '',
          timestamp: at,
        },
      } as never),
    )!;
    expect(notificationText(done, { name: 'Lan & Minh Wedding', picks: null })).toEqual({
      title: 'Sync completed',
      body: '2,400 photos synced to the Raw tag of Lan & Minh Wedding',
      tag: 'photoflow-album-x',
    });
    const failed = albumNewsOf(
      HubEventActions.AlbumSyncError({
        event: { albumId: 'x', message: 'Drive folder unreachable', timestamp: at },
      } as never),
    )!;
    expect(notificationText(failed, { name: 'Hoa', picks: null }).body).toBe(
      'Hoa: Drive folder unreachable',
    );
    expect(albumNewsOf(HubEventActions.AlbumSyncStarted({ event: {} } as never))).toBe(null);
  });

  it('says the picks as the server counts them, one tag per album so they coalesce', () => {
    const item = albumNewsOf(changed('Stock', 'Rate'))!;
    const text = notificationText(item, { name: 'Lan & Minh Wedding', picks: 124 });
    expect(text.body).toBe('The client finished picking: 124 photos in Lan & Minh Wedding');
    expect(text.tag).toBe(
      notificationText(albumNewsOf(changed('Feedback', 'Approved'))!, { name: '', picks: 0 }).tag,
    );
  });

  it('is away unless a seen tab shows the album', () => {
    expect(isAway('x', [{ tabId: 'a', albumId: 'x', visible: false }])).toBe(true);
    expect(isAway('x', [{ tabId: 'a', albumId: null, visible: true }])).toBe(true);
    expect(isAway('x', [{ tabId: 'a', albumId: 'x', visible: true }])).toBe(false);
    expect(isAway('x', [])).toBe(true);
  });
});

describe('the album tab’s title', () => {
  it('shows the sync’s progress, and the changes not seen while hidden', () => {
    expect(albumTabTitle({ albumName: 'Lan & Minh Wedding', syncFraction: 0.457, unseen: 0 })).toBe(
      '45 % · Lan & Minh Wedding · PhotoFlow',
    );
    expect(albumTabTitle({ albumName: 'Lan & Minh Wedding', syncFraction: null, unseen: 3 })).toBe(
      '(3) Lan & Minh Wedding · PhotoFlow',
    );
    expect(albumTabTitle({ albumName: null, syncFraction: null, unseen: 0 })).toBe(
      'Album · PhotoFlow',
    );
    expect(albumTabTitle({ albumName: 'A', syncFraction: 1, unseen: 120 })).toBe(
      '(99+) 100 % · A · PhotoFlow',
    );
  });

  it('counts what came above the newest entry seen', () => {
    expect(unseenCount(['c', 'b', 'a'], 'a')).toBe(2);
    expect(unseenCount(['a'], 'a')).toBe(0);
    expect(unseenCount(['c', 'b'], 'gone')).toBe(2);
    expect(unseenCount(['c', 'b'], null)).toBe(2);
  });
});
