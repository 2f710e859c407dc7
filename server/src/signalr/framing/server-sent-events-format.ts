/**
 * Server-Sent Events encoding: a payload becomes one event, a `data:` line for each
 * of its lines, closed by a blank line. The client's EventSource joins the lines
 * back with "\n". (JSON records never contain raw line breaks, so this is lossless
 * for the hub protocol.)
 */

/** Written first so that proxies flush the headers and the client's `open` fires. */
export const OPENING_COMMENT = ':\n';

export function encodeServerSentEvent(payload: string): string {
  let event = '';
  for (const line of payload.split(/\r\n|\r|\n/)) {
    event += `data: ${line}\n`;
  }
  return event + '\n';
}
