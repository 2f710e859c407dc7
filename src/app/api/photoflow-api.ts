import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, InjectionToken, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
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
  Transition,
  TriggerResult,
} from './models';

/** The REST base (CONTRACT §1), absolute or relative to the app's origin. No trailing slash. */
export const API_BASE_URL = new InjectionToken<string>('PhotoFlow API base URL', {
  providedIn: 'root',
  factory: () => inject(APP_ENVIRONMENT).apiBaseUrl.replace(/\/+$/, ''),
});

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
    return this.http.post<AuthTokens>(`${this.base}/auth/login`, {
      provider: 'Google',
      code,
      redirectUri,
    });
  }

  refresh(refreshToken: string): Observable<AuthTokens> {
    return this.http.post<AuthTokens>(`${this.base}/auth/refresh`, { refreshToken });
  }

  // Albums

  listAlbums(query: AlbumQuery = {}): Observable<Page<AlbumSummary>> {
    let params = new HttpParams();
    if (query.search) params = params.set('search', query.search);
    if (query.state) params = params.set('state', query.state);
    if (query.page) params = params.set('page', query.page);
    if (query.pageSize) params = params.set('pageSize', query.pageSize);
    return this.http.get<Page<AlbumSummary>>(`${this.base}/albums`, { params });
  }

  createAlbum(album: NewAlbum): Observable<Album> {
    return this.http.post<Album>(`${this.base}/albums`, {
      name: album.name,
      rawFolderUrl: album.rawFolderUrl,
    });
  }

  getAlbum(albumId: string): Observable<Album> {
    return this.http.get<Album>(this.album(albumId));
  }

  renameAlbum(albumId: string, name: string): Observable<Album> {
    return this.http.put<Album>(this.album(albumId), { name });
  }

  deleteAlbum(albumId: string): Observable<void> {
    return this.http.delete<void>(this.album(albumId));
  }

  getTransitions(albumId: string): Observable<Transition[]> {
    return this.http.get<Transition[]>(`${this.album(albumId)}/transitions`);
  }

  /** 202 when the trigger started a sync (the state changes when it completes), 200 otherwise. */
  fireTrigger(albumId: string, trigger: AlbumTrigger): Observable<TriggerResult> {
    return this.http
      .put<Album>(`${this.album(albumId)}/state`, { trigger }, { observe: 'response' })
      .pipe(map((response) => ({ album: response.body!, syncStarted: response.status === 202 })));
  }

  // Tags and photos

  getTags(albumId: string): Observable<AlbumTag[]> {
    return this.http.get<AlbumTag[]>(`${this.album(albumId)}/tags`);
  }

  getTag(albumId: string, tagId: string): Observable<AlbumTag> {
    return this.http.get<AlbumTag>(this.tag(albumId, tagId));
  }

  setTagUrl(albumId: string, tagId: string, url: string): Observable<AlbumTag> {
    return this.http.put<AlbumTag>(`${this.tag(albumId, tagId)}/url`, { url });
  }

  /** `page` counts from 1. */
  getPhotos(
    albumId: string,
    tagId: string,
    page: number,
    pageSize: number,
  ): Observable<Page<Photo>> {
    const params = new HttpParams().set('page', page).set('pageSize', pageSize);
    return this.http.get<Page<Photo>>(`${this.tag(albumId, tagId)}/photos`, { params });
  }

  vote(albumId: string, photoId: string, voted: boolean): Observable<Photo> {
    return this.http.post<Photo>(
      `${this.album(albumId)}/photos/${encodeURIComponent(photoId)}/vote`,
      { voted },
    );
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
}
