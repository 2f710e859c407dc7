import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');

/** Node ≥ 22.18 runs the TypeScript backend as is; the repo pins one in node_modules. */
export function nodeBinary(): string {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 18)) return process.execPath;
  const pinned = join(repoRoot, 'node_modules', 'node', 'bin', 'node');
  if (existsSync(pinned)) return pinned;
  throw new Error(`Node ${process.versions.node} cannot run server/main.ts; use Node 24.`);
}

const running = new Set<ChildProcess>();

/** Kills every process we started, synchronously (safe inside an 'exit' handler). */
function killAll(): void {
  for (const child of running) killGroup(child, 'SIGKILL');
  running.clear();
}
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    // Re-raise only if nobody else (Playwright's runner) handles the signal.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export interface Leashed {
  readonly child: ChildProcess;
  /** Stops it (SIGTERM, then SIGKILL after a grace period) and resolves when it is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts a command in its own process group, on a leash (see leash.mts): if this
 * process dies in any way, the command dies too.
 */
export function startLeashed(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; label: string },
): Leashed {
  const child = spawn(nodeBinary(), [join(__dirname, 'leash.mts'), command, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  const prefix = `[${options.label}] `;
  const verbose = !!process.env['E2E_VERBOSE'];
  const recent: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
      if (verbose) process.stderr.write(prefix + line + '\n');
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.on('exit', (code, signal) => {
    running.delete(child);
    if (code && !verbose && code !== 143) {
      process.stderr.write(
        `${prefix}exited with ${code ?? signal}; last output:\n${recent.join('\n')}\n`,
      );
    }
  });

  const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        // The leash may exit a moment before its command: make sure the group is gone.
        killGroup(child, 'SIGKILL');
        done();
      });
      killGroup(child, signal);
    });
  return { child, stop };
}

/** Runs a command to completion (used for the one app build). Throws with its output. */
export function runToCompletion(command: string, args: readonly string[], label: string): void {
  const result = spawnSync(command, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    env: process.env,
    timeout: 8 * 60_000,
    killSignal: 'SIGKILL',
  });
  if (result.status !== 0) {
    throw new Error(
      `${label} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}
