/**
 * The wire as a hand-written client sees it, for the differential suite
 * (aspnetcore-differential.test.ts): negotiate, a raw WebSocket, a raw Server-Sent Events
 * stream and raw Long Polling requests, each keeping what the server sent as JSON records.
 * Ids and tokens stay out of what the scripts compare.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';

export const RS = '\u001e';

/** A hub to drive: ours, or the ASP.NET Core one, each with its own dev backend for REST. */
export interface Side {
  readonly name: 'ours' | 'aspnetcore';
  /** `http://…/hubs/notification` */
  readonly hubUrl: string;
  /** The dev backend (sign-in, dev tools). */
  readonly apiUrl: string;
}

export interface HttpOutcome {
  readonly status: number;
  readonly body: string;
  readonly contentType: string | null;
  readonly wwwAuthenticate: string | null;
}

export async function request(
  url: string,
  method: string,
  token: string | undefined,
  options: { body?: string; headers?: Record<string, string> } = {},
): Promise<HttpOutcome> {
  const headers: Record<string, string> = { ...options.headers };
  if (token !== undefined) headers['Authorization'] = `Bearer ${token}`;
  const response = await fetch(url, { method, headers, body: options.body });
  return {
    status: response.status,
    body: await response.text(),
    contentType: response.headers.get('content-type'),
    wwwAuthenticate: response.headers.get('www-authenticate'),
  };
}

export interface Negotiated {
  readonly connectionId: string;
  readonly connectionToken: string;
}

/** Negotiates version 1 (stateful reconnect when asked); throws unless 200. */
export async function negotiate(
  side: Side,
  token: string,
  statefulReconnect = false,
): Promise<Negotiated> {
  const query = `negotiateVersion=1${statefulReconnect ? '&useStatefulReconnect=true' : ''}`;
  const answer = await request(`${side.hubUrl}/negotiate?${query}`, 'POST', token);
  if (answer.status !== 200) throw new Error(`negotiate answered ${answer.status}`);
  return JSON.parse(answer.body) as Negotiated;
}

export const handshake = (version = 1): string =>
  `${JSON.stringify({ protocol: 'json', version })}${RS}`;

/** Splits a payload into its records, each parsed when it is JSON (kept as text otherwise). */
export function records(text: string): unknown[] {
  return text
    .split(RS)
    .slice(0, -1)
    .map((record) => {
      try {
        return JSON.parse(record) as unknown;
      } catch {
        return record;
      }
    });
}

export const isPing = (record: unknown): boolean =>
  typeof record === 'object' && record !== null && (record as { type?: unknown }).type === 6;
export const isAck = (record: unknown): boolean =>
  typeof record === 'object' && record !== null && (record as { type?: unknown }).type === 8;

/** Records arriving over time, with a way to wait for the next ones. */
class RecordLog {
  readonly all: unknown[] = [];
  readonly pingsAt: number[] = [];
  #read = 0;

  push(text: string): void {
    for (const record of records(text)) {
      if (isPing(record)) this.pingsAt.push(Date.now());
      this.all.push(record);
    }
  }

  /** The records after those already taken, pings and acks left out, once there are `count`. */
  async take(count: number, timeoutMs = 10_000): Promise<unknown[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const fresh = this.all
        .slice(this.#read)
        .filter((record) => !isPing(record) && !isAck(record));
      if (fresh.length >= count) {
        // Everything up to the last record taken counts as read.
        let seen = 0;
        while (seen < count) {
          const record = this.all[this.#read++];
          if (!isPing(record) && !isAck(record)) seen++;
        }
        return fresh.slice(0, count);
      }
      if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for ${count} record(s); got ${JSON.stringify(fresh)}`);
      }
      await sleep(10);
    }
  }

  /** Waits until some record (pings and acks included) matches. */
  async until(match: (record: unknown) => boolean, timeoutMs = 10_000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.all.find(match);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error('Timed out waiting for a record');
      await sleep(10);
    }
  }
}

/** A WebSocket of a negotiated connection, token in the query string as a browser sends it. */
export class RawSocket {
  readonly log = new RecordLog();
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #socket: WebSocket;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data: Buffer) => this.log.push(data.toString('utf8')));
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  /** Opens it, or answers the status of the refused upgrade. */
  static open(side: Side, connectionToken: string, token: string): Promise<RawSocket | number> {
    const url = `${side.hubUrl.replace(/^http/, 'ws')}?id=${connectionToken}&access_token=${token}`;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new RawSocket(socket)));
      socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        socket.terminate();
      });
      socket.once('error', reject);
    });
  }

  /** Negotiates and opens a socket, then handshakes with `version`; throws if any step fails. */
  static async connect(
    side: Side,
    token: string,
    options: { version?: number; statefulReconnect?: boolean } = {},
  ): Promise<{ socket: RawSocket; negotiated: Negotiated; handshake: unknown }> {
    const negotiated = await negotiate(side, token, options.statefulReconnect);
    const socket = await RawSocket.open(side, negotiated.connectionToken, token);
    if (typeof socket === 'number') throw new Error(`the upgrade answered ${socket}`);
    socket.send(handshake(options.version));
    const [answer] = await socket.log.take(1);
    return { socket, negotiated, handshake: answer };
  }

  send(text: string): void {
    this.#socket.send(text);
  }

  sendRecord(message: unknown): void {
    this.send(`${JSON.stringify(message)}${RS}`);
  }

  /** Stops reading from the socket (the server's writes pile up in TCP buffers), or reads again. */
  pauseReading(): void {
    this.#socket.pause();
  }

  resumeReading(): void {
    this.#socket.resume();
  }

  /** A network cut: the TCP connection goes, without a Close frame. */
  cut(): void {
    this.#socket.terminate();
  }

  close(): void {
    this.#socket.close();
  }
}

/** A Server-Sent Events stream of a negotiated connection; client → server are POSTs. */
export class RawEventStream {
  readonly log = new RecordLog();
  readonly status: number;
  readonly contentType: string | null;
  readonly #abort: AbortController;

  private constructor(status: number, contentType: string | null, abort: AbortController) {
    this.status = status;
    this.contentType = contentType;
    this.#abort = abort;
  }

  static async open(side: Side, connectionToken: string, token: string): Promise<RawEventStream> {
    const abort = new AbortController();
    const response = await fetch(
      `${side.hubUrl}?id=${connectionToken}&access_token=${encodeURIComponent(token)}`,
      { headers: { Accept: 'text/event-stream' }, signal: abort.signal },
    );
    const stream = new RawEventStream(response.status, response.headers.get('content-type'), abort);
    void stream.#read(response);
    return stream;
  }

  async #read(response: Response): Promise<void> {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let pending = '';
    try {
      for await (const chunk of response.body) {
        // An event-stream line may end with CRLF or LF.
        pending = (pending + decoder.decode(chunk as Uint8Array, { stream: true })).replace(
          /\r\n/g,
          '\n',
        );
        let end: number;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const event = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const data = event
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).replace(/^ /, ''))
            .join('\n');
          if (data) this.log.push(data);
        }
      }
    } catch {
      // Aborted by close().
    }
  }

  close(): void {
    this.#abort.abort();
  }
}
