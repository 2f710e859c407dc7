import type {
  HubMessage,
  IHubProtocol,
  ILogger,
  InvocationMessage,
  TransferFormat,
} from '@microsoft/signalr';
import { checkHubEvent } from './hub-events';

/** Why an incoming message never reached a subscriber. */
export interface DroppedHubMessage {
  readonly reason: 'unknown-target' | 'malformed' | 'unparsable';
  readonly target: string | null;
  readonly detail: string;
}

const RECORD_SEPARATOR = '\u001e';
/** `MessageType.Invocation`. */
const INVOCATION = 1;
/** `MessageType.StreamItem`. */
const STREAM_ITEM = 2;

/**
 * What a dropped message leaves in its place. With stateful reconnect the library counts
 * the messages it receives to acknowledge them and to skip the ones the server replays;
 * a message removed here would shift that count (the server would keep, then replay,
 * messages the page already had). A stream item for an invocation the page never made is
 * counted like any message and otherwise ignored by the library.
 */
export const DROPPED_PLACEHOLDER: HubMessage = {
  type: STREAM_ITEM,
  invocationId: 'photoflow:dropped',
  item: null,
  headers: {},
} as HubMessage;

/**
 * The JSON hub protocol with a gate in front of the app: every invocation is checked
 * against the event schemas; unknown targets and malformed payloads are dropped here
 * (and reported; a placeholder keeps the library's message count), so handlers only ever
 * see valid events. The library alone would
 * log unknown targets quietly and pass malformed payloads through.
 *
 * A record the JSON protocol cannot parse at all (broken JSON, an invocation without
 * a target) would make the library close the connection; it is dropped on its own
 * instead, so one bad record does not cut every photographer off.
 */
export class ValidatingHubProtocol implements IHubProtocol {
  readonly name: string;
  readonly version: number;
  readonly transferFormat: TransferFormat;

  constructor(
    private readonly onDrop: (dropped: DroppedHubMessage) => void,
    private readonly inner: IHubProtocol,
  ) {
    this.name = inner.name;
    this.version = inner.version;
    this.transferFormat = inner.transferFormat;
  }

  parseMessages(input: string | ArrayBuffer, logger: ILogger): HubMessage[] {
    let messages: HubMessage[];
    try {
      messages = this.inner.parseMessages(input, logger);
    } catch (error) {
      if (typeof input !== 'string') throw error; // binary: let the library handle it
      messages = this.parseRecordByRecord(input, logger);
    }
    const accepted: HubMessage[] = [];
    for (const message of messages) {
      if (message.type !== INVOCATION) {
        accepted.push(message);
        continue;
      }
      const invocation = message as InvocationMessage;
      const check = checkHubEvent(invocation.target, invocation.arguments ?? []);
      if (check.ok) {
        // Stripped of unknown fields by the schema: subscribers get exactly the contract's shape.
        const validated: InvocationMessage = {
          type: invocation.type,
          headers: invocation.headers,
          invocationId: invocation.invocationId,
          target: check.name,
          arguments: [check.payload],
          streamIds: invocation.streamIds,
        };
        accepted.push(validated);
      } else {
        this.onDrop({ reason: check.reason, target: invocation.target, detail: check.detail });
        accepted.push(DROPPED_PLACEHOLDER);
      }
    }
    return accepted;
  }

  writeMessage(message: HubMessage): string | ArrayBuffer {
    return this.inner.writeMessage(message);
  }

  private parseRecordByRecord(input: string, logger: ILogger): HubMessage[] {
    const messages: HubMessage[] = [];
    for (const record of input.split(RECORD_SEPARATOR)) {
      if (!record) continue;
      try {
        messages.push(...this.inner.parseMessages(record + RECORD_SEPARATOR, logger));
      } catch (error) {
        this.onDrop({
          reason: 'unparsable',
          target: null,
          detail: error instanceof Error ? error.message : String(error),
        });
        messages.push(DROPPED_PLACEHOLDER); // the server counted it: so must the library
      }
    }
    return messages;
  }
}
