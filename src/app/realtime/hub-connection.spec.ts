import { TestBed } from '@angular/core/testing';
import {
  HttpTransportType,
  HubConnectionBuilder,
  HubConnectionState,
  type IHubProtocol,
} from '@microsoft/signalr';
import { APP_ENVIRONMENT } from '../api/app-environment';
import {
  HUB_CONNECTION_FACTORY,
  HUB_STATE,
  TRANSPORT,
  allTransports,
  buildHubConnection,
  chooseTransport,
  redactTokens,
} from './hub-connection';
import { PhotoFlowRetryPolicy } from './reconnect-policy';

describe('chooseTransport', () => {
  it('offers all three transports by default', () => {
    expect(chooseTransport(undefined, false, '')).toBe(allTransports);
  });

  it("uses the environment's forced transport", () => {
    expect(chooseTransport('ServerSentEvents', true, '')).toBe(HttpTransportType.ServerSentEvents);
  });

  it('honours ?transport= outside production only', () => {
    expect(chooseTransport(undefined, false, '?transport=LongPolling')).toBe(
      HttpTransportType.LongPolling,
    );
    expect(chooseTransport(undefined, false, '?x=1&transport=websockets')).toBe(
      HttpTransportType.WebSockets,
    );
    expect(chooseTransport(undefined, true, '?transport=LongPolling')).toBe(allTransports);
  });

  it('ignores an unknown transport name', () => {
    expect(chooseTransport(undefined, false, '?transport=Pigeons')).toBe(allTransports);
  });
});

describe("the library's constants, copied so the client can load lazily", () => {
  it('match the library', () => {
    expect(TRANSPORT).toEqual({
      WebSockets: HttpTransportType.WebSockets,
      ServerSentEvents: HttpTransportType.ServerSentEvents,
      LongPolling: HttpTransportType.LongPolling,
    });
    expect(Object.values(HUB_STATE).sort()).toEqual(Object.values(HubConnectionState).sort());
  });
});

/** A connection to nowhere (port 9): started, it is stopped before it connects. */
const nowhere = () => ({
  url: 'http://127.0.0.1:9/hubs/notification',
  transport: allTransports,
  accessTokenFactory: () => Promise.resolve('t'),
  retryPolicy: new PhotoFlowRetryPolicy({
    fastDelaysMs: [0],
    jitter: 0,
    fastPhaseMs: 1,
    maxDelayMs: 1,
  }),
  wrapProtocol: vi.fn((json: IHubProtocol) => json),
});

describe('buildHubConnection', () => {
  const config = nowhere();

  it('is disconnected and refuses to send before it starts, without loading the client', async () => {
    const connection = buildHubConnection(config);
    connection.on('PhotoSyncProgress', () => undefined);
    expect(connection.state).toBe('Disconnected');
    expect(connection.connectionId).toBeNull();
    await expect(connection.invoke('JoinAlbumGroup', 'a')).rejects.toThrow('Cannot send data');
    expect(config.wrapProtocol).not.toHaveBeenCalled();
  });

  it('does not start when stopped while the client was loading', async () => {
    const connection = buildHubConnection(config);
    const started = connection.start();
    await connection.stop();
    await expect(started).rejects.toThrow('stopped before it started');
    expect(connection.state).toBe('Disconnected');
    expect(config.wrapProtocol).toHaveBeenCalledOnce(); // built with the validating protocol
  });
});

describe('HUB_CONNECTION_FACTORY', () => {
  const config = nowhere();

  for (const statefulReconnect of [true, false, undefined]) {
    it(`asks for stateful reconnect as the environment says (${String(statefulReconnect)}; default on)`, async () => {
      TestBed.configureTestingModule({
        providers: [{ provide: APP_ENVIRONMENT, useValue: { statefulReconnect } }],
      });
      const asked = vi.spyOn(HubConnectionBuilder.prototype, 'withStatefulReconnect');
      const connection = TestBed.inject(HUB_CONNECTION_FACTORY)(config);
      const started = connection.start();
      await connection.stop();
      await expect(started).rejects.toThrow('stopped before it started');
      expect(asked).toHaveBeenCalledTimes(statefulReconnect === false ? 0 : 1);
      asked.mockRestore();
    });
  }
});

describe('redactTokens', () => {
  it('keeps access tokens in URLs the library logs out of the console', () => {
    expect(
      redactTokens(
        "Failed to connect to 'wss://api.photoflow.vn/hubs/notification?id=abc&access_token=eyJ.a-b_c.d' (x)",
      ),
    ).toBe(
      "Failed to connect to 'wss://api.photoflow.vn/hubs/notification?id=abc&access_token=[redacted]' (x)",
    );
  });
});
