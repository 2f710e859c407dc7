import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

/** An HTTP answer as it crossed the wire: headers and bytes, nothing decoded. */
export interface WireAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * One request with node:http, which (unlike fetch or a browser) decodes nothing and adds
 * no Accept-Encoding of its own: what a test reads is what the server sent.
 */
export function onTheWire(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
  body?: string,
): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () =>
        resolve({
          status: answer.statusCode ?? 0,
          headers: answer.headers,
          body: Buffer.concat(chunks),
        }),
      );
      answer.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The body as sent before its content coding (br, gzip or none). */
export function decoded(answer: WireAnswer): Buffer {
  const coding = answer.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(answer.body);
  if (coding === 'gzip') return gunzipSync(answer.body);
  return answer.body;
}

/** The dev sign-in (`POST /api/v1/auth/login`) through `origin`, its answer as sent. */
export function devSignInOnTheWire(
  origin: string,
  email: string,
  password: string,
  acceptEncoding: string,
): Promise<WireAnswer> {
  return onTheWire(
    `${origin}/api/v1/auth/login`,
    { 'content-type': 'application/json', 'accept-encoding': acceptEncoding },
    'POST',
    JSON.stringify({ provider: 'Dev', email, password }),
  );
}
