import type { Page, Request, Route } from '@playwright/test';

/** One answer held back from the page, as a slow network would deliver it. */
export interface HeldResponse {
  /** Resolves with the request once the backend has answered it (the page still waits). */
  readonly answered: Promise<Request>;
  /** Delivers the answer to the page and resolves once the page has read all of it. */
  release(): Promise<void>;
}

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
  let taken = false;

  const anyUrl = () => true;
  const handler = async (route: Route): Promise<void> => {
    if (taken || !matches(route.request())) return route.fallback();
    taken = true;
    const response = await route.fetch();
    answered(route.request());
    await gate;
    await route.fulfill({ response });
  };
  await page.route(anyUrl, handler);

  return {
    answered: held,
    async release() {
      gateOpen();
      const response = await (await held).response();
      await response?.finished();
      await page.unroute(anyUrl, handler);
    },
  };
}
