import type { Page } from '@playwright/test';

/** Records how the page talks to the hub, to prove which transport carried the events. */
export function watchHubTraffic(page: Page) {
  const seen = { webSocket: false, eventStream: false, longPoll: false };
  page.on('websocket', (socket) => {
    if (socket.url().includes('/hubs/notification')) seen.webSocket = true;
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith('/hubs/notification') || url.pathname.endsWith('/negotiate'))
      return;
    if (request.method() !== 'GET' || !url.searchParams.has('id')) return;
    if ((request.headers()['accept'] ?? '').includes('text/event-stream')) seen.eventStream = true;
    else seen.longPoll = true;
  });
  return seen;
}
