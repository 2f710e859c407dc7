// The naive baseline of `npm run bench` (figure 5): PhotoFlow's documented pattern, kept
// honest and minimal. One `connection.on` per hub event; each event becomes one store
// action; each action is followed by one change-detection pass of the whole app (what
// zone.js does after every WebSocket message). No validation, no coalescing. It renders
// what the album page renders for a sync: one progress bar per tag of the album.
import { ApplicationRef, Component, computed, inject, provideAppInitializer } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { bootstrapApplication } from '@angular/platform-browser';
import { HttpTransportType, HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { createEntityAdapter, type EntityState } from '@ngrx/entity';
import { createAction, createReducer, on, props, provideStore, Store } from '@ngrx/store';

interface Progress {
  albumId: string;
  albumTagId: string;
  processedCount: number;
  totalCount: number;
  timestamp: string;
}
interface Tag {
  id: string;
  type: string;
}

const progressReceived = createAction(
  '[Notification Hub] Photo Sync Progress',
  props<{ event: Progress }>(),
);
const tagsLoaded = createAction('[Album API] Tags Loaded', props<{ tags: Tag[] }>());

const adapter = createEntityAdapter<Progress>({ selectId: (event) => event.albumTagId });
interface BaselineState {
  progress: EntityState<Progress>;
  tags: Tag[];
}
const reducer = createReducer<BaselineState>(
  { progress: adapter.getInitialState(), tags: [] },
  on(progressReceived, (state, { event }) => ({
    ...state,
    progress: adapter.upsertOne(event, state.progress),
  })),
  on(tagsLoaded, (state, { tags }) => ({ ...state, tags })),
);

const counters = {
  changeDetections: 0,
  detectionsPerFrame: {} as Record<number, number>,
  frameTime: null as number | null,
  inFrame: 0,
  eventsReceived: {} as Record<string, number>,
  firstProgressAt: null as number | null,
  lastProgressAt: null as number | null,
};

@Component({
  selector: 'app-root',
  imports: [MatProgressBarModule],
  template: `
    <h1>Naive baseline</h1>
    <div role="list" aria-label="Tags">
      @for (tag of tags(); track tag.id) {
        <div role="listitem" [attr.aria-label]="tag.type + ' tag'">
          <h3>{{ tag.type }}</h3>
          @if (progress()[tag.id]; as p) {
            <mat-progress-bar
              mode="determinate"
              [value]="(p.processedCount / p.totalCount) * 100"
              [attr.aria-label]="tag.type + ' tag sync progress'"
              [attr.aria-valuetext]="p.processedCount + ' of ' + p.totalCount + ' photos'"
            />
          }
        </div>
      }
    </div>
  `,
})
class Baseline {
  private readonly state = inject(Store).selectSignal(
    (state: { baseline: BaselineState }) => state.baseline,
  );
  protected readonly tags = computed(() => this.state().tags);
  protected readonly progress = computed(() => this.state().progress.entities);
}

async function connect(): Promise<void> {
  const store = inject(Store);
  const appRef = inject(ApplicationRef) as ApplicationRef & { _tick(): void };
  const tick = appRef._tick.bind(appRef);
  appRef._tick = () => {
    // Counted as the app's benchmark build counts them (src/app/bench/bench-counters.ts).
    counters.changeDetections++;
    const now = Number(document.timeline.currentTime ?? 0);
    if (now !== counters.frameTime) {
      counters.frameTime = now;
      counters.inFrame = 0;
    } else {
      counters.detectionsPerFrame[counters.inFrame] =
        (counters.detectionsPerFrame[counters.inFrame] ?? 1) - 1;
    }
    counters.inFrame++;
    counters.detectionsPerFrame[counters.inFrame] =
      (counters.detectionsPerFrame[counters.inFrame] ?? 0) + 1;
    tick();
  };
  const albumId = new URLSearchParams(location.search).get('album') ?? '';
  const login = await fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ provider: 'Dev', email: 'an@photoflow.test', password: 'photoflow' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const album = (await (
    await fetch(`/api/v1/albums/${albumId}`, {
      headers: { authorization: `Bearer ${accessToken}` },
    })
  ).json()) as { tags: Tag[] };
  store.dispatch(tagsLoaded({ tags: album.tags }));

  // The documentation's connection: WebSockets, token factory, automatic reconnect.
  const connection = new HubConnectionBuilder()
    .withUrl('/hubs/notification', {
      accessTokenFactory: () => accessToken,
      transport: HttpTransportType.WebSockets,
      withCredentials: true,
    })
    .withAutomaticReconnect([5000, 5000, 5000, 5000, 5000])
    .configureLogging(LogLevel.Warning)
    .build();
  connection.on('PhotoSyncProgress', (event: Progress) => {
    store.dispatch(progressReceived({ event }));
    appRef.tick();
    counters.eventsReceived['PhotoSyncProgress'] =
      (counters.eventsReceived['PhotoSyncProgress'] ?? 0) + 1;
    const now = performance.now();
    counters.firstProgressAt ??= now;
    counters.lastProgressAt = now;
  });
  await connection.start();
  await connection.invoke('JoinAlbumGroup', albumId);
  document.body.dataset['ready'] = 'true';
}

Object.defineProperty(window, '__pfBench', {
  value: Object.freeze({
    get changeDetections() {
      return counters.changeDetections;
    },
    get detectionsPerFrame() {
      return { ...counters.detectionsPerFrame };
    },
    get eventsReceived() {
      return { ...counters.eventsReceived };
    },
    get firstProgressAt() {
      return counters.firstProgressAt;
    },
    get lastProgressAt() {
      return counters.lastProgressAt;
    },
    resetEventCounts() {
      counters.eventsReceived = {};
      counters.firstProgressAt = counters.lastProgressAt = null;
    },
  }),
});

bootstrapApplication(Baseline, {
  providers: [
    provideStore({ baseline: reducer }),
    provideAppInitializer(() => {
      void connect().catch((error) => console.error(error));
    }),
  ],
}).catch((error) => console.error(error));
