import type { Page, Request, Route } from '@playwright/test';

/** One answer held back from the page, as a slow network would deliver it. */
export interface HeldResponse {
  /** Resolves with the request once the backend has answered it (the page still waits). */
  readonly answered: Promise<Request>;
  /**
   * Hands the answer to the page. Whether the page took it in is for the test to see on
   * screen: a request event can report a fulfilled request as aborted.
   */
  release(): Promise<void>;
}

// Connection-level headers describe the backend's transfer, not the answer we replay.
const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/**
 * Holds the answer to the next request that `matches`. The request reaches the backend at
 * once, so the answer describes the server at that moment; the page gets it only on
 * `release()`. Resolves once the route is in place, before anything is held.
 */
export async function holdNextResponse(
  page: Page,
  matches: (request: Request) => boolean,
): Promise<HeldResponse> {
  let gateOpen!: () => void;
  const gate = new Promise<void>((done) => (gateOpen = done));
  let answered!: (request: Request) => void;
  const held = new Promise<Request>((done) => (answered = done));
  let delivered!: (outcome: Promise<void>) => void;
  const fulfilled = new Promise<Promise<void>>((done) => (delivered = done));
  let taken = false;

  const anyUrl = () => true;
  const handler = async (route: Route): Promise<void> => {
    if (taken || !matches(route.request())) return route.fallback();
    taken = true;
    const response = await route.fetch();
    const answer = {
      status: response.status(),
      headers: Object.fromEntries(
        Object.entries(response.headers()).filter(([name]) => !hopByHop.has(name)),
      ),
      body: await response.body(),
    };
    answered(route.request());
    await gate;
    const outcome = route.fulfill(answer);
    delivered(outcome);
    await outcome;
  };
  await page.route(anyUrl, handler);

  return {
    answered: held,
    async release() {
      gateOpen();
      await await fulfilled;
      await page.unroute(anyUrl, handler);
    },
  };
}
