import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { BackendOptions } from './backend';
import { startStack, type Stack } from './stack';

/**
 * A dev backend and app server of a test's own (to restart the backend, or run it at
 * another pace), with one browser context on it. Its pages' uncaught errors are collected
 * for the test to check, as the shared fixture does for `page`.
 */
export class OwnStack {
  readonly errors: Error[] = [];
  private constructor(
    readonly stack: Stack,
    readonly context: BrowserContext,
  ) {}

  static async start(browser: Browser, options: BackendOptions = {}): Promise<OwnStack> {
    const stack = await startStack(options);
    try {
      return new OwnStack(stack, await browser.newContext({ baseURL: stack.appUrl }));
    } catch (error) {
      await stack.stop();
      throw error;
    }
  }

  get backendUrl(): string {
    return this.stack.backend.url;
  }

  /** A tab in this stack's context (tabs share the session, as a person's tabs do). */
  async newPage(): Promise<Page> {
    const page = await this.context.newPage();
    page.on('pageerror', (error) => this.errors.push(error));
    if (process.env['E2E_CONSOLE'])
      page.on('console', (message) => console.log(`[page ${message.type()}] ${message.text()}`));
    return page;
  }

  /** Closes the browser context and stops the stack; returns the pages' uncaught errors. */
  async stop(): Promise<string[]> {
    try {
      await this.context.close();
    } finally {
      await this.stack.stop();
    }
    return this.errors.map((error) => error.message);
  }
}
