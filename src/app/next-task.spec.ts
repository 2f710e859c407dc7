import { nextTask } from './next-task';

describe('nextTask', () => {
  it('yields with scheduler.yield() where the browser has it', async () => {
    const order: string[] = [];
    const scope = {
      scheduler: { yield: () => Promise.resolve().then(() => void order.push('yielded')) },
      setTimeout: () => order.push('timeout'),
    };
    await nextTask(scope);
    expect(order).toEqual(['yielded']);
  });

  it('resolves in a new task (a zero-delay timeout) elsewhere, not in this one', async () => {
    vi.useFakeTimers();
    try {
      let resolved = false;
      const done = nextTask({ setTimeout: (callback) => setTimeout(callback) }).then(() => {
        resolved = true;
      });
      await Promise.resolve();
      expect(resolved).toBe(false);
      await vi.advanceTimersByTimeAsync(0);
      await done;
      expect(resolved).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
