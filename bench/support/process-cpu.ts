import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * Who had the cores during a flood: CPU seconds (utime + stime from /proc, Linux only) of
 * every process on the machine, grouped by what it is. A figure that misses while the hub
 * and its publisher had little of the cores, and the tabs or someone else much, says the
 * machine is the limit; one where the hub had much says the hub is.
 */
export type ProcessKind =
  | 'ASP.NET Core hub'
  | 'dev backend'
  | 'Chromium renderers'
  | 'Chromium GPU'
  | 'Chromium browser and others'
  | 'bench runner'
  | 'anything else';

/** Per process: its kind and its CPU seconds so far. */
type Snapshot = Map<number, { kind: ProcessKind; seconds: number }>;

export interface ProcessCpu {
  /** Wall time between the two snapshots. */
  readonly wallSeconds: number;
  readonly cores: number;
  readonly seconds: Readonly<Record<ProcessKind, number>>;
}

const ticksPerSecond = 100;

function kindOf(pid: number, commandLine: string): ProcessKind {
  if (commandLine.includes('PhotoFlow.Hub')) return 'ASP.NET Core hub';
  if (commandLine.includes('server/main.ts')) return 'dev backend';
  if (/chrom/i.test(commandLine.split(' ')[0] ?? '')) {
    if (commandLine.includes('--type=renderer')) return 'Chromium renderers';
    if (commandLine.includes('--type=gpu-process')) return 'Chromium GPU';
    return 'Chromium browser and others';
  }
  if (pid === process.pid) return 'bench runner';
  return 'anything else';
}

/** utime + stime of a process and its threads so far, in seconds (Linux's /proc). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

function snapshot(): Snapshot {
  const processes: Snapshot = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const seconds = cpuSeconds(Number(entry));
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      processes.set(Number(entry), {
        kind: kindOf(Number(entry), commandLine),
        seconds,
      });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return processes;
}

/** Starts counting; `stop()` gives each kind's CPU seconds since (a process started meanwhile counts whole). */
export function countProcessCpu(): { stop(): ProcessCpu } {
  const before = snapshot();
  const startedAt = performance.now();
  return {
    stop() {
      const after = snapshot();
      const seconds = Object.fromEntries(
        (
          [
            'ASP.NET Core hub',
            'dev backend',
            'Chromium renderers',
            'Chromium GPU',
            'Chromium browser and others',
            'bench runner',
            'anything else',
          ] as const
        ).map((kind) => [kind, 0]),
      ) as Record<ProcessKind, number>;
      for (const [pid, { kind, seconds: now }] of after) {
        seconds[kind] += now - (before.get(pid)?.seconds ?? 0);
      }
      return {
        wallSeconds: (performance.now() - startedAt) / 1000,
        cores: cpus().length,
        seconds,
      };
    },
  };
}

/** "hub 1.2 s, dev backend 0.8 s, … of 2 cores × 6.1 s": the kinds that used any. */
export function describeProcessCpu(cpu: ProcessCpu): string {
  const used = Object.entries(cpu.seconds)
    .filter(([, seconds]) => seconds >= 0.05)
    .map(([kind, seconds]) => `${kind} ${seconds.toFixed(1)} s`);
  return `${used.join(', ')} of ${cpu.cores} cores × ${cpu.wallSeconds.toFixed(1)} s`;
}
