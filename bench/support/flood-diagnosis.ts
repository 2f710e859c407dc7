import type { CoalescedFloodRun } from './coalesced-flood';
import { formatNumber, median, type FigureRow } from './figures';
import { describeProcessCpu, type ProcessCpu, type ProcessKind } from './process-cpu';

/**
 * Why a flood figure reads what it reads, as info rows: who had the cores during the flood
 * (the median run's CPU seconds per kind of process), whether the bare reader was behind
 * from the start or fell behind as the flood ran (its p99 per second), and what the hub
 * put on the wire (frames a second and messages per frame, which is what a tab handles).
 */
export function floodDiagnosis(hub: string, runs: readonly CoalescedFloodRun[]): FigureRow[] {
  if (runs.length === 0) return [];
  const cpu = medianCpu(runs.map((run) => run.cpu));
  const perSecond = runs[0].bareReaderP99PerSecond.map((_, second) =>
    median(runs.map((run) => run.bareReaderP99PerSecond[second] ?? Number.NaN)),
  );
  const info = { target: '—', pass: null, info: true } as const;
  return [
    {
      name: `${hub}: CPU during the flood, until every tab was exact`,
      value: describeProcessCpu(cpu),
      ...info,
    },
    {
      name: `${hub}: the bare reader's p99 per second of the flood`,
      value: perSecond.map((ms) => formatNumber(ms)).join(' / ') + ' ms',
      ...info,
    },
    {
      name: `${hub}: per run, the tab with the longest wait between animation frames: that wait, its 50 ms timer's longest wait, counts never shown`,
      value: runs
        .map((run) => {
          const worst = run.tabPace.reduce((most, tab) =>
            tab.longestFrameGapMs > most.longestFrameGapMs ? tab : most,
          );
          return `${formatNumber(worst.longestFrameGapMs)} / ${formatNumber(worst.longestBeatGapMs)} ms, ${formatNumber(run.neverShown)}`;
        })
        .join('; '),
      ...info,
    },
    {
      name: `${hub}: the bare reader's WebSocket frames a second (hub messages per frame)`,
      value: `${formatNumber(median(runs.map((run) => run.bareReaderFrames.perSecond)))} (${formatNumber(median(runs.map((run) => run.bareReaderFrames.messagesPerFrame)), 1)})`,
      ...info,
    },
  ];
}

function medianCpu(of: readonly ProcessCpu[]): ProcessCpu {
  const kinds = Object.keys(of[0].seconds) as ProcessKind[];
  return {
    wallSeconds: median(of.map((cpu) => cpu.wallSeconds)),
    cores: of[0].cores,
    seconds: Object.fromEntries(
      kinds.map((kind) => [kind, median(of.map((cpu) => cpu.seconds[kind]))]),
    ) as Record<ProcessKind, number>,
  };
}
