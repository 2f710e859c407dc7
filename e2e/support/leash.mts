// Runs one command and ties its life to the parent's: when the parent dies (even by
// SIGKILL) our stdin closes, and we take the command down with us. So an e2e run that
// crashes or is interrupted never leaves a backend behind.
// Usage: node leash.mts <command> [args...]
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('leash: no command given');
  process.exit(2);
}

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  child.kill(signal);
  // A child that ignores SIGTERM gets SIGKILL; we never wait forever.
  setTimeout(() => {
    child.kill('SIGKILL');
    process.exit(1);
  }, 3000).unref();
}

child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
process.stdin.on('end', () => stop('SIGTERM'));
process.stdin.on('close', () => stop('SIGTERM'));
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.on(signal, () => stop(signal === 'SIGINT' ? 'SIGTERM' : signal));
}
