// The floor of issue 22's Lighthouse figures (figure 30): the least the product's fixed
// stack (Angular standalone and zoneless, @angular/router, NgRx store, Angular Material,
// the official SignalR client) and its truth model must do before a screen's largest
// paint, measured as the app is. Nothing else: no shell, no effects, no validation, no
// tab sharing, no prerendering, no error handling. Two routes:
// - `/albums`: one GET of the list's first page, into the store; the first row's covers
//   eager with high priority, at the app's phone size, each album's name beside its cover.
// - `/albums/:albumId/photos/:photoId`: the album's hub group joined first (one read per
//   load, after the join, so no change is lost: src/app/albums/data-access/first-snapshot.ts),
//   the connection built as the app builds it (src/app/realtime/hub-connection.ts); then
//   one GET of the photo, and its thumbnail at high priority, as the app's viewer shows it.
// Served on its own origin, it cannot read the app's session: the dev token comes in the
// URL's fragment (`#token=…`), read once at start.
import { HttpClient, HttpHeaders, provideHttpClient, withFetch } from '@angular/common/http';
import { Component, inject, input, type OnInit } from '@angular/core';
import { MatToolbar } from '@angular/material/toolbar';
import { bootstrapApplication } from '@angular/platform-browser';
import { provideRouter, RouterOutlet, withComponentInputBinding } from '@angular/router';
import { createAction, createReducer, on, props, provideStore, Store } from '@ngrx/store';
import { nextTask } from '../../src/app/next-task';

interface Album {
  id: string;
  name: string;
  coverUrl?: string | null;
}
interface Photo {
  id: string;
  fileName: string;
  thumbnailUrl: string;
}

const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
const bearer = new HttpHeaders({ authorization: `Bearer ${token}` });

/** The hub client, loaded as the app loads it: a chunk of its own, not in the list's bundle. */
const hubClient = () => import('@microsoft/signalr');
// A deep link to the viewer asks for that chunk at once, as the app preloads a screen's
// chunks (src/app/screen-chunks.ts), not once the route has rendered.
if (/\/photos\/[^/]+$/.test(location.pathname)) void hubClient();

const albumsLoaded = createAction('[Floor] Albums Loaded', props<{ albums: Album[] }>());
const photoLoaded = createAction('[Floor] Photo Loaded', props<{ photo: Photo }>());
interface FloorState {
  albums: Album[];
  photo: Photo | null;
}
const floor = createReducer<FloorState>(
  { albums: [], photo: null },
  on(albumsLoaded, (state, { albums }) => ({ ...state, albums })),
  on(photoLoaded, (state, { photo }) => ({ ...state, photo })),
);
const selectFloor = (state: { floor: FloorState }) => state.floor;

/** The app's list shows its first row's covers (4 on a phone) eager, with high priority. */
const firstScreenCovers = 4;

@Component({
  selector: 'app-floor-albums',
  template: `
    <ul class="albums">
      @for (album of albums(); track album.id; let i = $index) {
        <li>
          @if (!album.coverUrl) {
            <span></span>
          } @else if (i < firstScreenCovers) {
            <img [src]="album.coverUrl" alt="" loading="eager" fetchpriority="high" />
          } @else {
            <img [src]="album.coverUrl" alt="" loading="lazy" />
          }
          <h2>{{ album.name }}</h2>
        </li>
      }
    </ul>
  `,
  styles: `
    .albums {
      list-style: none;
      margin: 0;
      padding: 16px;
      display: grid;
      gap: 12px;
    }
    li {
      display: grid;
      grid-template-columns: 112px minmax(0, 1fr);
      align-items: center;
      height: 104px;
      border-radius: 16px;
      overflow: hidden;
      background: var(--mat-sys-surface-container-low);
    }
    img {
      width: 112px;
      height: 104px;
      object-fit: cover;
    }
    h2 {
      margin: 0 16px;
      font: var(--mat-sys-title-medium);
    }
  `,
})
class FloorAlbums implements OnInit {
  private readonly http = inject(HttpClient);
  private readonly store = inject(Store<{ floor: FloorState }>);
  protected readonly firstScreenCovers = firstScreenCovers;
  protected readonly albums = this.store.selectSignal((state) => selectFloor(state).albums);

  ngOnInit(): void {
    this.http
      .get<{ items: Album[] }>('/api/v1/albums?page=1&pageSize=48', { headers: bearer })
      .subscribe((page) => this.store.dispatch(albumsLoaded({ albums: page.items })));
  }
}

@Component({
  selector: 'app-floor-viewer',
  template: `
    @if (photo(); as photo) {
      <img class="photo" [src]="photo.thumbnailUrl" fetchpriority="high" [alt]="photo.fileName" />
    }
  `,
  styles: `
    .photo {
      display: block;
      width: 100%;
      height: auto;
      aspect-ratio: 4 / 3;
      object-fit: contain;
      background: var(--mat-sys-surface-container-high);
    }
  `,
})
class FloorViewer implements OnInit {
  private readonly http = inject(HttpClient);
  private readonly store = inject(Store<{ floor: FloorState }>);
  readonly albumId = input.required<string>();
  readonly photoId = input.required<string>();
  protected readonly photo = this.store.selectSignal((state) => selectFloor(state).photo);

  async ngOnInit(): Promise<void> {
    const signalR = await hubClient();
    // As src/app/realtime/hub-connection.ts builds it: every transport offered, the
    // token factory, credentials, JSON, automatic and stateful reconnect.
    const connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/notification', {
        transport:
          signalR.HttpTransportType.WebSockets |
          signalR.HttpTransportType.ServerSentEvents |
          signalR.HttpTransportType.LongPolling,
        accessTokenFactory: () => token,
        withCredentials: true,
      })
      .withHubProtocol(new signalR.JsonHubProtocol())
      .withAutomaticReconnect()
      .withStatefulReconnect()
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    await connection.start();
    await connection.invoke('JoinAlbumGroup', this.albumId());
    // In the Lighthouse report's user timings: the join answered before the photo is read.
    performance.mark('floor:joined');
    this.http
      .get<Photo>(`/api/v1/albums/${this.albumId()}/photos/${this.photoId()}`, { headers: bearer })
      .subscribe((photo) => this.store.dispatch(photoLoaded({ photo })));
  }
}

@Component({
  selector: 'app-root',
  imports: [MatToolbar, RouterOutlet],
  template: `
    <mat-toolbar><span class="brand">PhotoFlow</span></mat-toolbar>
    <main><router-outlet /></main>
  `,
  styles: `
    .brand {
      font: var(--mat-sys-title-large);
    }
  `,
})
class FloorRoot {}

// Evaluating the bundle and starting the app in two tasks, as src/main.ts does (its only
// yield before the first screen): the floor schedules its work as the app does, and does less.
void nextTask()
  .then(() =>
    bootstrapApplication(FloorRoot, {
      providers: [
        provideRouter(
          [
            { path: 'albums', component: FloorAlbums },
            { path: 'albums/:albumId/photos/:photoId', component: FloorViewer },
          ],
          withComponentInputBinding(),
        ),
        provideHttpClient(withFetch()),
        provideStore({ floor }),
      ],
    }),
  )
  .catch((error: unknown) => console.error(error));
