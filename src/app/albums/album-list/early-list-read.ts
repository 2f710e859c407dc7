import { readEarly } from '../../api/early-read';
import { albumListParams, apiBaseOf } from '../../api/photoflow-api';
import { isFresh, readSession } from '../../auth/stored-session';
import { currentLanguage } from '../../i18n/language';
import { openingChunks } from '../../screen-chunks';
import { LIST_PAGE_SIZE } from '../data-access/album-pages';
import { listQuery, readListPlace } from './list-place';

/**
 * On a page opened on the album list, its first page is asked while the app boots
 * (main.ts), not once the list is on screen: the list's first read never waits for the
 * hub (its re-read after the joins does), so its answer can travel while a phone's CPU
 * starts Angular. The request is the list's own (its query from the place the tab kept,
 * the session's token, the build's language), answered to the list when it asks
 * (api/early-read.ts). Not sent when the list would not ask for that page first: another
 * screen, no session or one due for renewal (the app renews it first), a place deep in
 * the list.
 */
export function readListEarly(
  document: Document,
  apiBaseUrl: string,
  send?: typeof fetch,
): void {
  if (!openingChunks(document).includes('albumList')) return;
  const session = readSession();
  if (!session || !isFresh(session)) return;
  const place = readListPlace();
  if ((place.first ?? 0) >= LIST_PAGE_SIZE) return;
  const params = albumListParams({
    ...listQuery(place.search, place.stage),
    page: 1,
    pageSize: LIST_PAGE_SIZE,
  });
  readEarly(
    `${apiBaseOf(apiBaseUrl)}/albums?${params.toString()}`,
    {
      Authorization: `Bearer ${session.accessToken}`,
      'Accept-Language': currentLanguage(),
    },
    send,
  );
}
