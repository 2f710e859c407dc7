import { AlbumPage } from './support/album-page';
import { Api } from './support/api';
import { backendUrl, expect, seedUsers, signIn, test } from './support/fixtures';
import { watchHubTraffic } from './support/hub-traffic';

const transports = ['WebSockets', 'ServerSentEvents', 'LongPolling'] as const;
type Transport = (typeof transports)[number];

for (const transport of transports) {
  test(`the Raw sync is live over ${transport}`, async ({ page }) => {
    await Api.reset(backendUrl());
    const api = await Api.signIn(backendUrl(), seedUsers.an);
    const init = await api.albumInState('Init');
    await signIn(page, seedUsers.an);
    // The app reads ?transport= when it starts: watch from the reload on, once the list's
    // own connection is up (a socket it opened after the watch began would count too).
    await expect(page.getByRole('status', { name: /live updates/i })).toHaveAccessibleName(
      /connected/i,
    );
    const traffic = watchHubTraffic(page);
    const album = new AlbumPage(page);
    await album.open(init.id, `?transport=${transport}`);
    await expect(album.connection).toHaveAccessibleName(/connected/i);

    await album.trigger('Sync raw photos').click();
    const values = await album.watchProgressToFull('Raw');
    expect(
      values.some((value) => value > 0 && value < 100),
      `intermediate values: ${values.join(', ')}`,
    ).toBe(true);
    await expect(album.tagStatus('Raw')).toHaveText('Ready');
    await album.expectStage('Raw');
    await album.expectToMatch(await api.waitForState(init.id, 'Raw'));

    const expected: Record<Transport, typeof traffic> = {
      WebSockets: { webSocket: true, eventStream: false, longPoll: false },
      ServerSentEvents: { webSocket: false, eventStream: true, longPoll: false },
      LongPolling: { webSocket: false, eventStream: false, longPoll: true },
    };
    expect(traffic).toEqual(expected[transport]);
  });
}
