import { TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, vi } from 'vitest';
import type { PhotoFlowEnvironment } from '../../../environments/environment.model';
import { APP_ENVIRONMENT } from '../api/app-environment';
import type { PhotoSyncProgress } from '../api/models';
import { AuthService } from '../auth/auth.service';
import { FakeHubConnection } from './fake-hub-connection.testing';
import { HUB_CONNECTION_FACTORY, type HubConnectionConfig } from './hub-connection';
import { SignalRService } from './signalr.service';

export const environment: PhotoFlowEnvironment = {
  name: 'development',
  production: false,
  apiBaseUrl: 'https://dev.api.photoflow.vn/api/v1',
  hubUrl: 'wss://dev.api.photoflow.vn/hubs/notification',
  reconnect: { fastDelaysMs: [0, 1000, 2000], jitter: 0, fastPhaseMs: 60_000, maxDelayMs: 30_000 },
  oauth: { authorizeUrl: 'https://accounts.example/auth', clientId: 'client', scope: 'openid' },
};

export const progress = (processedCount: number, extra: Partial<PhotoSyncProgress> = {}) => ({
  albumId: 'album-1',
  albumTagId: 'tag-1',
  processedCount,
  totalCount: 100,
  albumTagType: 'Raw',
  timestamp: '2026-11-22T10:00:00Z',
  ...extra,
});

/** Lets pending work finish: promise callbacks, and the fake network's timers due now. */
export const settle = async () => {
  for (let pass = 0; pass < 10; pass++) await vi.advanceTimersByTimeAsync(0);
};

/** The service under test with a fake AuthService, and the connection its factory built. */
export interface SignalRServiceBed {
  service: SignalRService;
  /** The last connection built, set when the service builds it (on start). */
  fake: FakeHubConnection;
  /** How many connections the service has built. */
  built: number;
  setUp(env?: PhotoFlowEnvironment): void;
  joins(): FakeHubConnection['invocations'];
  leaves(): FakeHubConnection['invocations'];
}

/**
 * Registers the fake timers and the TestBed teardown for the enclosing describe block, and
 * returns the bed its tests set up the service with.
 */
export function signalRServiceBed(): SignalRServiceBed {
  const bed: SignalRServiceBed = {
    service: undefined as never,
    fake: undefined as never,
    built: 0,
    setUp(env = environment) {
      bed.built = 0;
      TestBed.configureTestingModule({
        providers: [
          { provide: APP_ENVIRONMENT, useValue: env },
          {
            provide: AuthService,
            useValue: {
              getAccessToken: () => Promise.resolve('token-1'),
              accessTokenExpiry: () => null,
            },
          },
          {
            provide: HUB_CONNECTION_FACTORY,
            useValue: (config: HubConnectionConfig) => {
              bed.built++;
              bed.fake = new FakeHubConnection(config);
              return bed.fake;
            },
          },
        ],
      });
      bed.service = TestBed.inject(SignalRService);
    },
    joins: () => bed.fake.invocations.filter((call) => call.method === 'JoinAlbumGroup'),
    leaves: () => bed.fake.invocations.filter((call) => call.method === 'LeaveAlbumGroup'),
  };

  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  return bed;
}
