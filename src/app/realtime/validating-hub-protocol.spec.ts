import { JsonHubProtocol, NullLogger, type InvocationMessage } from '@microsoft/signalr';
import {
  DROPPED_PLACEHOLDER,
  type DroppedHubMessage,
  ValidatingHubProtocol,
} from './validating-hub-protocol';

const RS = '\u001e';
const record = (target: string, argument: unknown) =>
  JSON.stringify({ type: 1, target, arguments: [argument] }) + RS;

const started = (timestamp: unknown) => ({ albumId: 'album-1', message: 'm', timestamp });
const progress = (timestamp: unknown) => ({
  albumId: 'album-1',
  albumTagId: 'tag-1',
  processedCount: 50,
  totalCount: 100,
  albumTagType: 'Raw',
  timestamp,
});

describe('ValidatingHubProtocol', () => {
  let dropped: DroppedHubMessage[];
  let protocol: ValidatingHubProtocol;

  beforeEach(() => {
    dropped = [];
    protocol = new ValidatingHubProtocol((drop) => dropped.push(drop), new JsonHubProtocol());
  });

  const payloads = (input: string) =>
    protocol
      .parseMessages(input, NullLogger.instance)
      .filter((message) => message !== DROPPED_PLACEHOLDER)
      .map((message) => (message as InvocationMessage).arguments[0]);

  it('hands subscribers timestamps in canonical UTC, as .NET or any backend wrote them', () => {
    const [first, second, third] = payloads(
      record('AlbumSyncStarted', started('2026-11-30T10:00:00.1234567Z')) +
        record('PhotoSyncProgress', progress('2026-11-30T17:00:00.5+07:00')) +
        record('PhotoSyncProgress', progress('2026-11-30T10:00:01Z')),
    );
    expect((first as { timestamp: string }).timestamp).toBe('2026-11-30T10:00:00.123Z');
    expect((second as { timestamp: string }).timestamp).toBe('2026-11-30T10:00:00.500Z');
    expect((third as { timestamp: string }).timestamp).toBe('2026-11-30T10:00:01.000Z');
    expect(dropped).toEqual([]);
  });

  it('drops an event whose timestamp is not an instant, keeping the others', () => {
    const kept = payloads(
      record('PhotoSyncProgress', progress('1')) +
        record('AlbumSyncStarted', started('2026-11-30')) +
        record('AlbumSyncStarted', started('2026-11-30T10:00:00.000Z')),
    );
    expect(kept).toHaveLength(1);
    expect(dropped).toEqual([
      {
        reason: 'malformed',
        target: 'PhotoSyncProgress',
        detail: expect.stringContaining('timestamp'),
      },
      {
        reason: 'malformed',
        target: 'AlbumSyncStarted',
        detail: expect.stringContaining('timestamp: not an ISO 8601'),
      },
    ]);
  });

  it('leaves a placeholder the library counts but ignores for every message it drops', () => {
    // With stateful reconnect the client acknowledges, and skips replayed, messages by count.
    const messages = protocol.parseMessages(
      record('PhotoSyncProgress', progress('1')) +
        '{"type":1,"target":' +
        RS +
        record('NoSuchEvent', {}) +
        record('AlbumSyncStarted', started('2026-11-30T10:00:00.000Z')) +
        JSON.stringify({ type: 6 }) +
        RS,
      NullLogger.instance,
    );
    expect(messages.map((message) => message.type)).toEqual([2, 2, 2, 1, 6]);
    expect(messages.slice(0, 3)).toEqual([
      DROPPED_PLACEHOLDER,
      DROPPED_PLACEHOLDER,
      DROPPED_PLACEHOLDER,
    ]);
    expect(dropped.map((drop) => drop.reason)).toEqual([
      'unparsable',
      'malformed',
      'unknown-target',
    ]);
  });
});
