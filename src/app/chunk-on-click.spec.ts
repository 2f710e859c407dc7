import { ChunkOnClick } from './chunk-on-click';

describe('ChunkOnClick', () => {
  it('loads on the first click, ignores a click while loading, and tries again after a failure', async () => {
    const loads: { resolve: (value: string) => void; reject: (error: Error) => void }[] = [];
    const chunk = new ChunkOnClick(
      () => new Promise<string>((resolve, reject) => loads.push({ resolve, reject })),
      'The test dialog',
      'albums',
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(chunk.state()).toBe('idle');

    const first = chunk.get();
    expect(chunk.state()).toBe('loading');
    expect(await chunk.get()).toBeNull(); // a second click while the first loads
    expect(loads.length).toBe(1);
    loads[0].reject(new TypeError('Failed to fetch dynamically imported module'));
    expect(await first).toBeNull();
    expect(chunk.state()).toBe('failed');
    expect(warn).toHaveBeenCalledWith('[albums] The test dialog did not load.', expect.any(Error));

    const again = chunk.get();
    expect(chunk.state()).toBe('loading');
    loads[1].resolve('opener');
    expect(await again).toBe('opener');
    expect(chunk.state()).toBe('idle');
  });
});
