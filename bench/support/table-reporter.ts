import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { figureTitles, repetitions, type FigureResult } from './figures';
import { figuresDir, outputDir } from './paths';

/** Prints every figure with its target and PASS / MISS, and writes bench/.output/results.json. */
export default class TableReporter implements Reporter {
  private readonly failures = new Map<number, string>();

  onTestEnd(test: TestCase, result: TestResult): void {
    const numbers = (/^figures? ([\d, and]+)/.exec(test.title)?.[1].match(/\d+/g) ?? []).map(
      Number,
    );
    if (result.status !== 'passed' && result.status !== 'skipped') {
      const message = result.error?.message?.split('\n')[0] ?? result.status;
      for (const figure of numbers)
        // eslint-disable-next-line no-control-regex -- strips the terminal's colour codes
        this.failures.set(figure, message.replace(/\u001b\[[0-9;]*m/g, '').slice(0, 160));
    }
  }

  onEnd(_result: FullResult): void {
    const figures = new Map<number, FigureResult>();
    if (existsSync(figuresDir)) {
      for (const file of readdirSync(figuresDir).filter((name) => name.endsWith('.json'))) {
        const figure = JSON.parse(readFileSync(join(figuresDir, file), 'utf8')) as FigureResult;
        figures.set(figure.figure, figure);
      }
    }
    const rows: string[][] = [];
    for (const number of Object.keys(figureTitles).map(Number)) {
      const figure = figures.get(number);
      if (!figure) {
        rows.push([
          String(number),
          figureTitles[number],
          '',
          `not measured: ${this.failures.get(number) ?? 'not run'}`,
          'MISS',
        ]);
        continue;
      }
      figure.rows.forEach((row, index) =>
        rows.push([
          index === 0 ? String(number) : '',
          row.name,
          row.target,
          row.value,
          row.info
            ? 'info'
            : row.pass === null
              ? 'MISS (not measured)'
              : row.pass
                ? 'PASS'
                : 'MISS',
        ]),
      );
    }
    const header = ['#', 'figure', 'target', 'median', ''];
    const widths = header.map((title, column) =>
      Math.max(title.length, ...rows.map((row) => row[column].length)),
    );
    const line = (cells: string[]) =>
      cells.map((cell, column) => cell.padEnd(widths[column])).join(' │ ');
    const rule = widths.map((width) => '─'.repeat(width)).join('─┼─');
    const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
    console.log(
      `\nPhotoFlow Web benchmark (medians of BENCH_RUNS=${repetitions()} runs; ${machine})\n`,
    );
    console.log(line(header));
    console.log(rule);
    for (const row of rows) console.log(line(row));
    const missed = rows.filter((row) => row[4] !== 'PASS' && row[4] !== 'info').length;
    console.log(
      `\n${missed === 0 ? 'Every target holds.' : `${missed} line(s) miss their target.`}`,
    );

    mkdirSync(outputDir, { recursive: true });
    const chromium = figures.get(2)?.notes?.find((note) => note.startsWith('Chromium')) ?? null;
    writeFileSync(
      join(outputDir, 'results.json'),
      JSON.stringify(
        {
          takenAt: new Date().toISOString(),
          machine: {
            cores: cpus().length,
            memoryGiB: Math.round(totalmem() / 2 ** 30),
            node: process.versions.node,
            chromium,
          },
          runs: repetitions(),
          figures: Object.keys(figureTitles)
            .map(Number)
            .map(
              (number) =>
                figures.get(number) ?? {
                  figure: number,
                  title: figureTitles[number],
                  rows: [],
                  error: this.failures.get(number) ?? 'not run',
                },
            ),
        },
        null,
        2,
      ),
    );
    console.log(`Figures written to ${join(outputDir, 'results.json')}`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
