import { HttpClient, HttpErrorResponse, HttpParams, type HttpResponse } from '@angular/common/http';
import { Injectable, InjectionToken, inject } from '@angular/core';
import { Observable, catchError, map, mergeMap, of, throwError } from 'rxjs';
import * as v from 'valibot';
import { invalidResponse } from './api-error';
import { APP_ENVIRONMENT } from './app-environment';
import type {
  Album,
  AlbumQuery,
  AlbumSummary,
  AlbumTag,
  AlbumTrigger,
  AuthTokens,
  NewAlbum,
  Page,
  Photo,
  PhotoDetail,
  Transition,
  TriggerResult,
} from './models';
import {
  albumSchema,
  albumSummaryPageSchema,
  albumTagListSchema,
  albumTagSchema,
  authTokensSchema,
  photoDetailSchema,
  photoPageSchema,
  photoSchema,
  transitionListSchema,
} from './resource-schemas';
import { describeIssues } from './schema-rules';

type Method = 'GET' | 'POST' | 'PUT';

interface Call<TSchema extends v.GenericSchema> {
  readonly method: Method;
  readonly url: string;
  readonly schema: TSchema;
  readonly body?: unknown;
  readonly params?: HttpParams;
  /** The browser's priority for it (Fetch's `priority`): 'auto' unless the caller says. */
  readonly priority?: RequestPriority;
  /** The answer holds secrets (tokens): say where it is wrong, never what it held. */
  readonly secret?: boolean;
}

/** The REST base (CONTRACT §1), absolute or relative to the app's origin. No trailing slash. */
export const API_BASE_URL = new InjectionToken<string>('PhotoFlow API base URL', {
  providedIn: 'root',
  factory: () => apiBaseOf(inject(APP_ENVIRONMENT).apiBaseUrl),
});

/** An environment's `apiBaseUrl` as the client writes its URLs from it: no trailing slash. */
export function apiBaseOf(apiBaseUrl: string): string {
  return apiBaseUrl.replace(/\/+$/, '');
}

/** The query of a page of the album list (`GET /albums`), as the client sends it. */
export function albumListParams(query: AlbumQuery): HttpParams {
  let params = new HttpParams();
  if (query.search) params = params.set('search', query.search);
  if (query.state) params = params.set('state', query.state);
  if (query.page) params = params.set('page', query.page);
  if (query.pageSize) params = params.set('pageSize', query.pageSize);
  return params;
}

/**
 * The one REST client of PhotoFlow (CONTRACT §5): the only place that knows the
 * backend's paths and bodies, so adapting to the real backend is a change here.
 */
@Injectable({ providedIn: 'root' })
export class PhotoflowApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(API_BASE_URL);

  // Auth (CONTRACT §2)

  login(code: string, redirectUri: string): Observable<AuthTokens> {
    return this.read({
      method: 'POST',
      url: `${this.base}/auth/login`,
      body: { provider: 'Google', code, redirectUri },
      schema: authTokensSchema,
      secret: true,
    }).pipe(map(({ body }) => body));
  }

  refresh(refreshToken: string): Observable<AuthTokens> {
    return this.read({
      method: 'POST',
      url: `${this.base}/auth/refresh`,
      body: { refreshToken },
      schema: authTokensSchema,
      secret: true,
    }).pipe(map(({ body }) => body));
  }

  /** Revokes the session's refresh token on the backend (204, whatever the token). */
  logout(refreshToken: string): Observable<void> {
    return this.http.post(`${this.base}/auth/logout`, { refreshToken }).pipe(map(() => undefined));
  }

  // Albums

  listAlbums(query: AlbumQuery = {}): Observable<Page<AlbumSummary>> {
    return this.get(`${this.base}/albums`, albumSummaryPageSchema, albumListParams(query));
  }

  createAlbum(album: NewAlbum): Observable<Album> {
    const body = { name: album.name, rawFolderUrl: album.rawFolderUrl };
    return this.send('POST', `${this.base}/albums`, body, albumSchema);
  }

  getAlbum(albumId: string): Observable<Album> {
    return this.get(this.album(albumId), albumSchema);
  }

  renameAlbum(albumId: string, name: string): Observable<Album> {
    return this.send('PUT', this.album(albumId), { name }, albumSchema);
  }

  deleteAlbum(albumId: string): Observable<void> {
    return this.http.delete<void>(this.album(albumId));
  }

  getTransitions(albumId: string): Observable<readonly Transition[]> {
    return this.get(`${this.album(albumId)}/transitions`, transitionListSchema);
  }

  /** 202 when the trigger started a sync (the state changes when it completes), 200 otherwise. */
  fireTrigger(albumId: string, trigger: AlbumTrigger): Observable<TriggerResult> {
    return this.read({
      method: 'PUT',
      url: `${this.album(albumId)}/state`,
      body: { trigger },
      schema: albumSchema,
    }).pipe(map(({ body, status }) => ({ album: body, syncStarted: status === 202 })));
  }

  // Tags and photos

  getTags(albumId: string): Observable<readonly AlbumTag[]> {
    return this.get(`${this.album(albumId)}/tags`, albumTagListSchema);
  }

  getTag(albumId: string, tagId: string): Observable<AlbumTag> {
    return this.get(this.tag(albumId, tagId), albumTagSchema);
  }

  setTagUrl(albumId: string, tagId: string, url: string): Observable<AlbumTag> {
    return this.send('PUT', `${this.tag(albumId, tagId)}/url`, { url }, albumTagSchema);
  }

  /**
   * `page` counts from 1. `priority` 'low' for a refresh no one waits on (a grid kept
   * current while its tag syncs): over HTTP/1.1 a browser has six connections per host,
   * and a request waiting for one goes by priority, so such refreshes yield to what a view
   * needs now.
   */
  getPhotos(
    albumId: string,
    tagId: string,
    page: number,
    pageSize: number,
    priority: RequestPriority = 'auto',
  ): Observable<Page<Photo>> {
    const params = new HttpParams().set('page', page).set('pageSize', pageSize);
    return this.read({
      method: 'GET',
      url: `${this.tag(albumId, tagId)}/photos`,
      schema: photoPageSchema,
      params,
      priority,
    }).pipe(map(({ body }) => body));
  }

  /** One photo (doc); 404 when it is not (or no longer) in the album. */
  getPhoto(albumId: string, photoId: string): Observable<PhotoDetail> {
    return this.get(
      `${this.album(albumId)}/photos/${encodeURIComponent(photoId)}`,
      photoDetailSchema,
    );
  }

  vote(albumId: string, photoId: string, voted: boolean): Observable<Photo> {
    const url = `${this.album(albumId)}/photos/${encodeURIComponent(photoId)}/vote`;
    return this.send('POST', url, { voted }, photoSchema);
  }

  /** Re-syncs one tag from its storage folder (202; 409 while that album syncs). */
  resyncFolder(folderId: string): Observable<void> {
    return this.http
      .post(`${this.base}/storage/folders/${encodeURIComponent(folderId)}/sync`, null)
      .pipe(map(() => undefined));
  }

  /** Sign-in and refresh calls: they carry no bearer token and are never retried. */
  isAuthUrl(url: string): boolean {
    return url.startsWith(`${this.base}/auth/`);
  }

  /** True when a URL is one of ours, so the interceptor may send the bearer token to it. */
  isApiUrl(url: string): boolean {
    return url === this.base || url.startsWith(`${this.base}/`) || url.startsWith(`${this.base}?`);
  }

  private album(albumId: string): string {
    return `${this.base}/albums/${encodeURIComponent(albumId)}`;
  }

  private tag(albumId: string, tagId: string): string {
    return `${this.album(albumId)}/tags/${encodeURIComponent(tagId)}`;
  }

  private get<TSchema extends v.GenericSchema>(
    url: string,
    schema: TSchema,
    params?: HttpParams,
  ): Observable<v.InferOutput<TSchema>> {
    return this.read({ method: 'GET', url, schema, params }).pipe(map(({ body }) => body));
  }

  private send<TSchema extends v.GenericSchema>(
    method: Method,
    url: string,
    body: unknown,
    schema: TSchema,
  ): Observable<v.InferOutput<TSchema>> {
    return this.read({ method, url, body, schema }).pipe(map((answer) => answer.body));
  }

  /**
   * The request, its answer let through only when it reads as its schema: nothing
   * malformed reaches the store (a reducer that throws stops it for good). Otherwise an
   * INVALID_RESPONSE {@link ApiError}, and what was wrong on the console.
   */
  private read<TSchema extends v.GenericSchema>(
    call: Call<TSchema>,
  ): Observable<{ readonly body: v.InferOutput<TSchema>; readonly status: number }> {
    const refuse = (status: number, why: string) => {
      const path = call.url.startsWith(this.base) ? call.url.slice(this.base.length) : call.url;
      console.error(
        `[api] ${call.method} ${path} answered ${status} with a body this app cannot read: ${why}`,
      );
      return throwError(() => invalidResponse(status));
    };
    return this.http
      .request<unknown>(call.method, call.url, {
        body: call.body,
        params: call.params,
        // Past the browser's HTTP cache: the answers are never stored (the backend says
        // no-store, and the app wants the truth of now), yet a GET that may be cached
        // waits for the cache entry while another request for the same URL holds it,
        // until that one's answer arrives. The same album asked by 20 tabs after a
        // reconnect went one at a time (issue 20's failover: the last tab's read waited
        // 0.5–1.9 s for a connection that was free).
        cache: 'no-store',
        priority: call.priority,
        observe: 'response',
      })
      .pipe(
        catchError((error: unknown) =>
          // A 2xx whose body is not JSON: HttpClient reports it as a failure of parsing.
          error instanceof HttpErrorResponse && error.status >= 200 && error.status < 300
            ? refuse(error.status, 'not JSON')
            : throwError(() => error),
        ),
        mergeMap((response: HttpResponse<unknown>) => {
          const answer = v.safeParse(call.schema, response.body);
          return answer.success
            ? of({ body: answer.output, status: response.status })
            : refuse(response.status, describeIssues(answer.issues, { secret: call.secret }));
        }),
      );
  }
}
