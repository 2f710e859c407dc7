import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * The Chromium the suite drives: CHROME_BIN, else the system's /usr/bin/chromium, else
 * Playwright's own download if one is installed. Never skip: without a browser the run
 * fails and says how to get one.
 */
export function findChromium(): string {
  const candidates = [
    process.env['CHROME_BIN'],
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    playwrightChromium(),
  ].filter((path): path is string => !!path);
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      'No Chromium found for the e2e suite. Install one with `apt-get install -y chromium` ' +
        '(Debian/Ubuntu), or set CHROME_BIN to the path of a Chromium or Chrome binary. ' +
        `Looked at: ${candidates.join(', ') || '(nothing)'}`,
    );
  }
  if (process.env['CHROME_BIN'] && found !== process.env['CHROME_BIN']) {
    throw new Error(`CHROME_BIN=${process.env['CHROME_BIN']} does not exist.`);
  }
  return found;
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** Quiet, deterministic Chromium that never reaches the network by itself. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];
