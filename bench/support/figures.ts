import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { figuresDir } from './paths';

/** One line of the table: a measured quantity, its target, and whether it holds. */
export interface FigureRow {
  readonly name: string;
  readonly target: string;
  /** The median as shown, e.g. "41,200 events/s". */
  readonly value: string;
  /** null: not measured (the reason is in `value`). */
  readonly pass: boolean | null;
  /** A reference figure without a target of its own (shown as "info"). */
  readonly info?: boolean;
}

export interface FigureResult {
  readonly figure: number;
  readonly title: string;
  readonly rows: readonly FigureRow[];
  /** Every run's raw numbers, for the JSON file. */
  readonly runs: readonly unknown[];
  readonly notes?: readonly string[];
}

/** The figures of issue 5, in order, as the table names them. */
export const figureTitles: Record<number, string> = {
  1: 'Initial JS + CSS transfer size (gzip), production build',
  2: 'A burst of progress through the coalescing into the open album page',
  3: 'Progress at 5,000 events/s across 50 tags for 10 s, through the coalescing',
  4: 'Hub send → progress bar value on screen, 100 events/s, WebSockets',
  5: 'Same flood through the naive baseline, same run',
  6: 'Open and close an album detail 200 times',
  7: 'Album of 10,000 photos scrolled top to bottom',
  8: 'Backend stopped 10 s and started again, tab visible',
  9: 'Dev backend fan-out: 500 official clients, one group, 1,000 events/s',
  10: 'Tabs of one browser: hub connections and backend memory, with and without sharing',
  11: 'Failover: the leader tab closed, the others connected and resynced',
  12: 'A follower tab (its events relayed by the leader tab): throughput and latency',
  13: 'Scaled out: the instance serving 20 pages killed mid-sync',
  14: 'Scaled out: fan-out through two hub instances versus one, same flood',
  15: 'A flood of 20,000 progress events/s over 50 tags for 5 s into one album page, through the coalescing, both hubs',
  16: 'The same flood into 8 tabs on that album sharing one connection, both hubs',
  17: 'Figure 4 on the ASP.NET Core hub: a lone tab and a follower tab',
  18: 'A group of 20 with one member that stops reading for 10 s, both hubs, forced publisher retries',
  19: "Failover, scaled out: either instance killed under 20 pages (the publisher's included)",
  20: 'Figures 2 and 4 with stateful reconnect on and off, both hubs',
  21: "Album list at a studio's size: sign-in → first album card",
  22: 'Album list: DOM elements at any moment of a fling to the end',
  23: 'Album list: JoinAlbumGroup per list visit, and per album → list trip',
  24: 'Album list: a fling scrolled to the oldest album in 2 s',
  25: 'Lighthouse mobile: sign-in',
  26: 'Lighthouse mobile: album list (the seed, 6 albums)',
  27: 'Lighthouse mobile: album list (600 albums)',
  28: 'Lighthouse mobile: album page (2,400 photos)',
  29: 'Lighthouse mobile: photo viewer (deep link)',
  30: 'Lighthouse mobile: the floor, the stack alone, on the album list (6) and the viewer deep link',
};

/** Writes a figure for the table; its title is the one `figureTitles` gives it. */
export function recordFigure({ figure, ...rest }: Omit<FigureResult, 'title'>): void {
  const result: FigureResult = { figure, title: figureTitles[figure], ...rest };
  mkdirSync(figuresDir, { recursive: true });
  writeFileSync(join(figuresDir, `${result.figure}.json`), JSON.stringify(result, null, 2));
}

/**
 * A numeric knob from the environment (BENCH_FLOOD_RATE, …): `fallback` when unset, and
 * a clear error, not a silent NaN or a fallback, when it is not a positive whole number.
 */
export function benchSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name}=${raw}: expected a positive whole number (default ${fallback}).`);
  }
  return value;
}

/** How many times each figure is measured (its median is reported): BENCH_RUNS, default 3. */
export function repetitions(): number {
  return benchSetting('BENCH_RUNS', 3);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export { percentile } from './percentile';

export const formatNumber = (value: number, digits = 0): string =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      })
    : String(value);
