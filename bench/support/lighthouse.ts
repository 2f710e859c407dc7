import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import { chromiumArgs, findChromium } from '../../e2e/support/chromium';
import { freePort } from '../../e2e/support/ports';
import { outputDir } from './paths';

/** What one Lighthouse run (mobile, simulated throttling) says of one screen. */
export interface LighthouseRun {
  readonly url: string;
  readonly performance: number;
  readonly accessibility: number;
  readonly bestPractices: number;
  readonly fcpMs: number;
  readonly lcpMs: number;
  readonly tbtMs: number;
  readonly cls: number;
  /** The LCP element as Lighthouse names it (its label and its HTML). */
  readonly lcpElement: string;
  /** Audits that lost points, worst first (what to fix), with what they would save. */
  readonly findings: readonly string[];
  /**
   * Lighthouse's measure of the machine's CPU during the run (its `benchmarkIndex`; a
   * typical desktop scores 1,500–2,000): simulated throttling scales the page's measured
   * main-thread time by a fixed factor, so a machine already slowed by other work reads
   * as a slower phone.
   */
  readonly benchmarkIndex: number;
  /** The machine's 1-minute load average when the run ended (2 cores here). */
  readonly loadAverage: number;
}

/**
 * Debian's Chromium as a user's browser would be: one profile (its default context, where
 * Lighthouse opens its tab), driven by Playwright to sign in and by Lighthouse through a
 * DevTools port. Playwright owns the process: it ends with the run.
 */
export class AuditedChromium {
  private constructor(
    readonly context: BrowserContext,
    readonly port: number,
    private readonly profile: string,
  ) {}

  /** `trustedSpki`: the key (base64 SHA-256 of its SPKI) of the site's own certificate. */
  static async launch(appUrl: string, trustedSpki: string): Promise<AuditedChromium> {
    const port = await freePort();
    const profile = mkdtempSync(join(tmpdir(), 'pf-lighthouse-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: findChromium(),
      headless: true,
      baseURL: appUrl,
      args: [
        ...chromiumArgs,
        `--remote-debugging-port=${port}`,
        `--ignore-certificate-errors-spki-list=${trustedSpki}`,
      ],
      // Playwright turns the back/forward cache off; Lighthouse audits it.
      ignoreDefaultArgs: ['--disable-back-forward-cache'],
    });
    return new AuditedChromium(context, port, profile);
  }

  /**
   * Empties what a first visit would not have (HTTP cache, IndexedDB, Cache Storage)
   * and keeps the signed-in session (localStorage). Lighthouse's own storage reset would
   * also sign the user out, so it is turned off and this is done before each run.
   */
  async forgetAllButTheSession(origin: string): Promise<void> {
    const page = this.context.pages()[0] ?? (await this.context.newPage());
    const devtools = await this.context.newCDPSession(page);
    await devtools.send('Network.clearBrowserCache');
    await devtools.send('Storage.clearDataForOrigin', {
      origin,
      storageTypes: 'indexeddb,cache_storage,service_workers',
    });
    await devtools.detach();
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}

/** The part of Lighthouse's result read here. */
interface Lhr {
  finalDisplayedUrl: string;
  environment: { benchmarkIndex: number };
  categories: Record<string, { score: number | null }>;
  audits: Record<
    string,
    {
      id: string;
      title: string;
      score: number | null;
      scoreDisplayMode: string;
      numericValue?: number;
      displayValue?: string;
      details?: { type: string; items?: unknown[] };
    }
  >;
}

/** BENCH_TRACE=1 (or `profile`) keeps each run's trace beside its report (bench/README.md, "Tracing a screen's load"). */
const tracing = process.env['BENCH_TRACE'];

/** One Lighthouse run of `url` on the browser's port; the report goes to bench/.output/lighthouse/. */
export async function audit(port: number, url: string, reportName: string): Promise<LighthouseRun> {
  // Lighthouse is an ES module: loaded as one.
  const { default: lighthouse } = await import('lighthouse');
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices'],
    // Mobile emulation and simulated throttling are Lighthouse's defaults; said here.
    formFactor: 'mobile',
    throttlingMethod: 'simulate',
    disableStorageReset: true,
    // BENCH_TRACE=profile: the CPU profile too, for bench/trace-tasks.mts to name what runs
    // in each long task (it costs the page some time: compare runs traced alike).
    ...(tracing === 'profile'
      ? { additionalTraceCategories: 'disabled-by-default-v8.cpu_profiler' }
      : {}),
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const lhr = result.lhr as unknown as Lhr;
  const reports = join(outputDir, 'lighthouse');
  mkdirSync(reports, { recursive: true });
  writeFileSync(join(reports, `${reportName}.json`), JSON.stringify(lhr));
  if (tracing) {
    const trace = (result.artifacts as unknown as { Trace: unknown }).Trace;
    writeFileSync(join(reports, `${reportName}.trace.json`), JSON.stringify(trace));
  }
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? Number.NaN) * 100);
  const value = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  return {
    url: lhr.finalDisplayedUrl,
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    fcpMs: value('first-contentful-paint'),
    lcpMs: value('largest-contentful-paint'),
    tbtMs: value('total-blocking-time'),
    cls: value('cumulative-layout-shift'),
    lcpElement: lcpElement(lhr),
    findings: findings(lhr),
    benchmarkIndex: lhr.environment.benchmarkIndex,
    loadAverage: loadavg()[0]!,
  };
}

function lcpElement(lhr: Lhr): string {
  const details = lhr.audits['largest-contentful-paint-element']?.details;
  const tables = (details?.type === 'list' ? details.items : [details]) as
    { items?: { node?: { nodeLabel?: string; snippet?: string } }[] }[] | undefined;
  const node = tables?.flatMap((table) => table?.items ?? []).find((item) => item.node)?.node;
  if (!node) return '(none reported)';
  const snippet = (node.snippet ?? '').replace(/\s+/g, ' ').slice(0, 120);
  return `${node.nodeLabel ?? ''} — ${snippet}`.trim();
}

function findings(lhr: Lhr): string[] {
  return Object.values(lhr.audits)
    .filter(
      (audit) =>
        audit.score !== null &&
        audit.score < 0.9 &&
        (audit.scoreDisplayMode === 'metricSavings' ||
          audit.scoreDisplayMode === 'binary' ||
          audit.scoreDisplayMode === 'numeric'),
    )
    .sort((a, b) => (a.score ?? 0) - (b.score ?? 0))
    .map((audit) => `${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
}
