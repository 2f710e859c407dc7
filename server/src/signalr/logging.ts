import type { HubLogger } from './hub.ts';

/** Warnings and errors to the console; debug messages are dropped. */
export const consoleLogger: HubLogger = {
  debug() {
    // Dropped: debug lines are for tests and troubleshooting.
  },
  warn(message) {
    console.warn(`[signalr] ${message}`);
  },
  error(message, error) {
    if (error === undefined) console.error(`[signalr] ${message}`);
    else console.error(`[signalr] ${message}`, error);
  },
};

/**
 * A request URL fit for a log line: the bearer token (`access_token`) and the
 * connection token (`id`, which lets its holder read and write the connection) are
 * replaced by "redacted".
 */
export function redactUrl(url: string | undefined): string {
  return (url ?? '').replace(/([?&](?:access_token|id)=)[^&#]*/gi, '$1redacted');
}
