import { AlbumPage } from './support/album-page';
import { Api } from './support/api';
import { backendUrl, expect, seedUsers, test } from './support/fixtures';
import { signInHere } from './support/languages';

test.use({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });

test.beforeEach(async () => {
  await Api.reset(backendUrl());
});

test('a Vietnamese photographer: sign in, sync raw photos, read an error, switch to English and back', async ({
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const init = await api.albumInState('Init');

  // A Vietnamese browser's first visit lands on the Vietnamese build.
  await page.goto('/');
  await expect(page).toHaveURL(/\/vi\/login/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page).toHaveTitle('Đăng nhập · PhotoFlow');
  await expect(page.getByRole('button', { name: 'Đăng nhập bằng Google' })).toBeVisible();

  // Sign in: the OAuth return (/callback) comes back to the Vietnamese build.
  const acceptLanguage = page.waitForRequest((request) => request.url().includes('/api/v1/albums'));
  await signInHere(page, seedUsers.an);
  await expect(page).toHaveURL(/\/vi\/albums$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Album');
  expect((await acceptLanguage).headers()['accept-language']).toBe('vi');
  const count = (await api.albums()).length;
  await expect(page.locator('.subtitle')).toHaveText(`${count} album`);

  // Fire the first step; the sync's progress, toast and activity are in Vietnamese.
  const album = new AlbumPage(page);
  await album.open(init.id);
  await expect(album.stage).toHaveText('Giai đoạn: Chưa bắt đầu');
  const nextSteps = page.getByRole('group', { name: 'Bước tiếp theo' });
  await nextSteps.getByRole('button', { name: 'Đồng bộ ảnh gốc' }).click();
  const rawTag = page.getByRole('listitem', { name: 'Bộ Ảnh gốc' });
  // vi-VN numbers: "1.234/2.400 ảnh", with what is left ("còn khoảng 2 phút", "sắp xong"…).
  await expect(rawTag.locator('.progress-text')).toHaveText(
    /^[\d.]+\/[\d.]+ ảnh( · (còn khoảng \d+ (phút|giờ)|còn chưa tới một phút|sắp xong|xong))?$/,
  );
  await expect(rawTag.locator('.progress-text')).toHaveText(/^2\.400\/2\.400 ảnh/, {
    timeout: 60_000,
  });
  await expect(album.stage).toHaveText('Giai đoạn: Ảnh gốc', { timeout: 30_000 });
  await expect(rawTag.locator('.count')).toHaveText('2.400 ảnh');
  await expect(rawTag.locator('.status')).toHaveText('Sẵn sàng');
  await expect(
    page
      .locator('mat-snack-bar-container')
      .filter({ hasText: 'Album chuyển sang giai đoạn Ảnh gốc' }),
  ).toBeVisible({ timeout: 10_000 });
  const activity = page.getByRole('list', { name: 'Hoạt động' });
  await expect(activity).toContainText('Album chuyển sang giai đoạn Ảnh gốc');
  await expect(activity).toContainText('Ảnh gốc: đã đồng bộ 2.400 ảnh');
  // 24-hour clock, in the browser's time zone (Ho Chi Minh City here, UTC+7).
  const time = activity.locator('time').first();
  const at = await time.getAttribute('datetime');
  const expected = new Intl.DateTimeFormat('vi-VN', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Asia/Ho_Chi_Minh',
  }).format(new Date(at!));
  await expect(time).toHaveText(expected);
  expect(expected).toMatch(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/);

  // An error, in the app's own Vietnamese sentence.
  await page.route('**/api/v1/albums/*/state', (route) => route.abort('connectionrefused'));
  await nextSteps.getByRole('button', { name: 'Tạo bộ ảnh đã lọc' }).click();
  await expect(
    page.locator('mat-snack-bar-container').filter({
      hasText: 'Không kết nối được tới PhotoFlow. Hãy kiểm tra mạng; hệ thống sẽ tự thử lại.',
    }),
  ).toBeVisible();
  await page.unroute('**/api/v1/albums/*/state');

  // English is one click away, on the same page; and back.
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(new RegExp(`/en/albums/${init.id}$`));
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(album.stage).toHaveText('Stage: Raw');
  await expect(page.getByRole('listitem', { name: 'Raw tag' }).locator('.count')).toHaveText(
    '2,400 photos',
  );
  await page.getByRole('link', { name: 'Tiếng Việt' }).click();
  await expect(page).toHaveURL(new RegExp(`/vi/albums/${init.id}$`));
  await expect(album.stage).toHaveText('Giai đoạn: Ảnh gốc');

  // The choice is remembered: the bare address opens Vietnamese again.
  await page.goto('/albums');
  await expect(page).toHaveURL(/\/vi\/albums$/);
});

test('an English choice is remembered over a Vietnamese browser, deep links included', async ({
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const stock = await api.albumInState('Stock');
  await page.goto('/login');
  await expect(page).toHaveURL(/\/vi\/login$/);
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/en\/login$/);
  await signInHere(page, seedUsers.an);
  await expect(page).toHaveURL(/\/en\/albums$/);
  await page.goto(`/albums/${stock.id}`);
  await expect(page).toHaveURL(new RegExp(`/en/albums/${stock.id}$`));
  await expect(page.getByTestId('album-stage')).toHaveText('Stage: Stock');
  // A deep link into the other language opens it, and it becomes the choice.
  await page.goto(`/vi/albums/${stock.id}`);
  await expect(page.getByTestId('album-stage')).toHaveText('Giai đoạn: Lọc ảnh');
  await page.goto('/');
  await expect(page).toHaveURL(/\/vi\/albums$/);
});
