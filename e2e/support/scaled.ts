import type { Browser, BrowserContext, Page } from '@playwright/test';
import {
  affinityCookie,
  servedByHeader,
  startScaledStack,
  type ScaledStack,
} from '../../server/tools/scaled-stack.ts';
import { AppServer } from './app-server';
import { freePort } from './ports';
import { nodeBinary, repoRoot } from './processes';
import { appDist } from './stack';

/**
 * The app on the hub scaled out (`npm run test:e2e:scaled`): Redis, two ASP.NET Core hub
 * instances, HAProxy, a dev backend publishing to the first instance, and the app server
 * naming the load balancer as its hub (the `aspnetcore` build reads it from a meta tag).
 * Each page gets a browser context of its own (its own cookies: another browser), pinned
 * to an instance by the affinity cookie when asked. Uncaught page errors are collected.
 */
export class ScaledSite {
  readonly errors: Error[] = [];
  private readonly contexts: BrowserContext[] = [];
  /** Per page, the instance that issued each connection token it negotiated, and who served what. */
  private readonly hubTraffic = new Map<Page, HubTraffic>();

  private constructor(
    readonly stack: ScaledStack,
    readonly app: AppServer,
  ) {}

  static async start(options: { syncPhotosPerSecond?: number } = {}): Promise<ScaledSite> {
    const appPort = await freePort();
    const stack = await startScaledStack({
      root: repoRoot,
      node: nodeBinary(),
      corsOrigins: [`http://127.0.0.1:${appPort}`],
      backendEnv: { SYNC_PHOTOS_PER_SECOND: String(options.syncPhotosPerSecond ?? 400) },
    });
    try {
      const backendPort = Number(new URL(stack.backend.url).port);
      const app = await AppServer.start(appDist, () => backendPort, {
        port: appPort,
        hubUrl: () => stack.hubUrl,
      });
      return new ScaledSite(stack, app);
    } catch (error) {
      await stack.close();
      throw error;
    }
  }

  get backendUrl(): string {
    return this.stack.backend.url;
  }

  /** A page in a browser context of its own; `pinnedTo` sets the affinity cookie first. */
  async newPage(browser: Browser, pinnedTo?: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: this.app.url });
    this.contexts.push(context);
    if (pinnedTo) {
      await context.addCookies([
        { name: affinityCookie, value: pinnedTo, url: this.stack.balancerUrl },
      ]);
    }
    const page = await context.newPage();
    page.on('pageerror', (error) => this.errors.push(error));
    if (process.env['E2E_CONSOLE'])
      page.on('console', (message) => console.log(`[page ${message.type()}] ${message.text()}`));
    this.hubTraffic.set(page, watchInstances(page, this.stack.hubUrl));
    return page;
  }

  /** The instance that issued the page's latest hub connection. */
  instanceOf(page: Page): string | undefined {
    return this.hubTraffic.get(page)?.issuers.at(-1);
  }

  /** Every instance that issued one of the page's connections, in order. */
  issuersOf(page: Page): readonly string[] {
    return this.hubTraffic.get(page)?.issuers ?? [];
  }

  /** Transport requests (SSE, Long Polling, sends) answered by an instance that did not issue their connection. */
  strayRequests(page: Page): readonly string[] {
    return this.hubTraffic.get(page)?.strays ?? [];
  }

  /** Closes the browser contexts and stops everything; returns the pages' uncaught errors. */
  async stop(): Promise<string[]> {
    try {
      for (const context of this.contexts) await context.close();
    } finally {
      await this.app.stop();
      await this.stack.close();
    }
    return this.errors.map((error) => error.message);
  }
}

interface HubTraffic {
  readonly issuers: string[];
  readonly strays: string[];
}

/**
 * Reads, from the load balancer's `X-Served-By`, which instance issued each connection
 * (negotiate's answer) and which served each later request with that connection's `?id=`.
 */
function watchInstances(page: Page, hubUrl: string): HubTraffic {
  const traffic: HubTraffic = { issuers: [], strays: [] };
  const issuerOf = new Map<string, string>();
  page.on('response', async (response) => {
    const url = response.url();
    if (!url.startsWith(hubUrl)) return;
    const servedBy = response.headers()[servedByHeader];
    if (!servedBy) return;
    if (new URL(url).pathname.endsWith('/negotiate')) {
      if (response.status() !== 200) return;
      const body = (await response.json().catch(() => null)) as {
        connectionToken?: string;
      } | null;
      if (!body?.connectionToken) return;
      issuerOf.set(body.connectionToken, servedBy);
      traffic.issuers.push(servedBy);
      return;
    }
    const id = new URL(url).searchParams.get('id');
    const issuer = id ? issuerOf.get(id) : undefined;
    if (issuer && issuer !== servedBy) {
      traffic.strays.push(`${response.request().method()} → ${servedBy} (issued by ${issuer})`);
    }
  });
  return traffic;
}
