import type { Page, Request } from '@playwright/test';
import { Api, devPost } from './support/api';
import { backendUrl, expect, seedUsers, signIn, test } from './support/fixtures';

/**
 * Each API call once per screen load: every GET the app sends to the REST API is counted
 * per resource (path and query), from the moment a screen starts loading until the page
 * is connected to the hub, has joined its albums' groups and has been quiet for a while.
 */
class ApiRequests {
  private readonly counts = new Map<string, number>();
  private lastAt = Date.now();

  constructor(private readonly page: Page) {
    page.on('request', (request) => this.record(request));
  }

  private record(request: Request): void {
    const url = new URL(request.url());
    if (request.method() !== 'GET' || !url.pathname.startsWith('/api/v1/')) return;
    const resource = `${url.pathname}${url.search}`;
    this.counts.set(resource, (this.counts.get(resource) ?? 0) + 1);
    this.lastAt = Date.now();
  }

  /** Forgets what was counted: the next screen load starts from nothing. */
  reset(): void {
    this.counts.clear();
    this.lastAt = Date.now();
  }

  /**
   * Once the hub is connected and no API request has gone out for `quietMs` (longer than
   * the list's refresh throttle and a group join): what was requested, per resource.
   */
  async settled(quietMs = 2_500): Promise<Record<string, number>> {
    // By its element, not its role: under the viewer's dialog the page behind is aria-hidden.
    await expect(this.page.locator('app-connection-indicator [role="status"]')).toHaveAttribute(
      'aria-label',
      /connected/i,
      { timeout: 20_000 },
    );
    await expect
      .poll(() => Date.now() - this.lastAt, { timeout: 30_000, intervals: [250] })
      .toBeGreaterThan(quietMs);
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/**
 * Every resource counted once, and the ones a screen must show among them. `twice`: the
 * resources a load asks exactly twice, for a reason said where the test names them.
 */
function expectOncePerResource(
  counts: Record<string, number>,
  needed: RegExp[],
  twice: RegExp[] = [],
): void {
  const wrong = Object.entries(counts).filter(
    ([resource, count]) => count !== (twice.some((known) => known.test(resource)) ? 2 : 1),
  );
  expect(wrong, `requested a wrong number of times: ${JSON.stringify(counts)}`).toEqual([]);
  for (const resource of needed) {
    expect(
      Object.keys(counts).some((key) => resource.test(key)),
      `${resource} requested (${JSON.stringify(counts)})`,
    ).toBe(true);
  }
}

const list = /^\/api\/v1\/albums\?/;
/**
 * A cold load of the list asks for it twice, and must: once to learn which albums to
 * follow, once after their groups are joined, since the hub does not say what it sent to
 * a group before we joined it (the truth model of invalidation.ts; before: three times).
 */
const listOnColdLoad = [list];
const albumOf = (id: string) => new RegExp(`^/api/v1/albums/${id}$`);
const transitionsOf = (id: string) => new RegExp(`^/api/v1/albums/${id}/transitions$`);
const photosOf = (id: string) => new RegExp(`^/api/v1/albums/${id}/tags/[^/]+/photos\\?`);

test.beforeEach(async () => {
  await Api.reset(backendUrl());
});

test('sign-in → list, reload on the list, list → album: each API resource requested once', async ({
  page,
}) => {
  const requests = new ApiRequests(page);
  await signIn(page, seedUsers.an, '/albums');
  await expect(
    page.getByRole('list', { name: 'Albums' }).getByRole('listitem').first(),
  ).toBeVisible();
  expectOncePerResource(await requests.settled(), [list], listOnColdLoad);

  requests.reset();
  await page.reload();
  await expect(
    page.getByRole('list', { name: 'Albums' }).getByRole('listitem').first(),
  ).toBeVisible();
  expectOncePerResource(await requests.settled(), [list], listOnColdLoad);

  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const album = await api.albumInState('Raw');
  requests.reset();
  await page
    .getByRole('link', { name: new RegExp(album.name) })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: album.name })).toBeVisible();
  expectOncePerResource(await requests.settled(), [
    albumOf(album.id),
    transitionsOf(album.id),
    photosOf(album.id),
  ]);
});

test('album page and viewer deep link: each API resource requested once', async ({ page }) => {
  test.setTimeout(120_000);
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const folder = await devPost(backendUrl(), '/api/dev/drive/folders', {
    name: 'Requests / 1,000 photos',
    photoCount: 1_000,
  });
  expect(folder.status).toBe(201);
  const { url } = (await folder.json()) as { url: string };
  const created = await api.createAlbum('One request each', url);
  expect(await api.fire(created.id, 'SyncRawTag', { photosPerSecond: 1_000_000 })).toBe(202);
  const album = await api.waitForState(created.id, 'Raw', 60_000);
  const raw = album.tags.find((tag) => tag.type === 'Raw')!;
  const { body } = await api.request<{ items: { id: string; fileName: string }[] }>(
    'GET',
    `/api/v1/albums/${album.id}/tags/${raw.id}/photos?page=5&pageSize=100`,
  );
  const deepLinked = body.items[37];

  const requests = new ApiRequests(page);
  await signIn(page, seedUsers.an, '/albums');
  await requests.settled(); // the list's own requests, before the album page's load
  requests.reset();
  await page.goto(`/albums/${album.id}`);
  await expect(page.getByRole('heading', { level: 1, name: album.name })).toBeVisible();
  expectOncePerResource(await requests.settled(), [
    albumOf(album.id),
    transitionsOf(album.id),
    photosOf(album.id),
  ]);

  requests.reset();
  await page.goto(`/albums/${album.id}/photos/${deepLinked.id}`);
  await expect(
    page.getByRole('dialog').getByRole('heading', { name: deepLinked.fileName }),
  ).toBeVisible();
  expectOncePerResource(await requests.settled(), [
    albumOf(album.id),
    transitionsOf(album.id),
    photosOf(album.id),
  ]);
});
