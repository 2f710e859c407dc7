import { TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import { SNACK_BAR_LOADER, TOAST_MIN_INTERVAL_MS, ToastService } from './toast.service';

describe('ToastService', () => {
  let open: ReturnType<typeof vi.fn>;
  let toasts: ToastService;

  beforeEach(() => {
    vi.useFakeTimers();
    open = vi.fn();
    TestBed.configureTestingModule({ providers: [{ provide: MatSnackBar, useValue: { open } }] });
    toasts = TestBed.inject(ToastService);
  });

  afterEach(() => vi.useRealTimers());

  it('shows a message politely', async () => {
    toasts.show('Album moved to Raw');
    await vi.advanceTimersByTimeAsync(1000);
    expect(open).toHaveBeenCalledOnce();
    expect(open.mock.calls[0][0]).toBe('Album moved to Raw');
    expect(open.mock.calls[0][2]).toMatchObject({ politeness: 'polite' });
  });

  it('coalesces a burst into one toast, dropping repeats', async () => {
    for (let i = 0; i < 50; i++) toasts.show('Photo sync started');
    toasts.show('Album moved to Raw');
    toasts.show('Photo sync completed');
    await vi.advanceTimersByTimeAsync(1000);
    expect(open).toHaveBeenCalledOnce();
    expect(open.mock.calls[0][0]).toBe('Photo sync completed (and 2 more updates)');
  });

  it('leaves time between toasts, however many messages come', async () => {
    for (let i = 0; i < 100; i++) {
      toasts.show(`Update ${i}`);
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(5000);
    expect(open.mock.calls.length).toBeLessThanOrEqual(
      Math.ceil(10_000 / TOAST_MIN_INTERVAL_MS) + 1,
    );
    expect(open.mock.calls.length).toBeGreaterThan(1);
  });

  it('offers to dismiss an error', async () => {
    toasts.error('This step is not possible');
    await vi.advanceTimersByTimeAsync(1000);
    expect(open.mock.calls[0][1]).toBe('Dismiss');
  });
});

describe('ToastService when the snack bar cannot load', () => {
  afterEach(() => vi.useRealTimers());

  it('loses that toast quietly (no unhandled rejection) and loads it again for the next', async () => {
    vi.useFakeTimers();
    const open = vi.fn();
    const load = vi
      .fn<() => Promise<typeof MatSnackBar>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
      .mockResolvedValue(MatSnackBar);
    TestBed.configureTestingModule({
      providers: [
        { provide: MatSnackBar, useValue: { open } },
        { provide: SNACK_BAR_LOADER, useValue: load },
      ],
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    const nodeProcess = (globalThis as unknown as { process: NodeProcessLike }).process;
    nodeProcess.on('unhandledRejection', onUnhandled);
    try {
      const toasts = TestBed.inject(ToastService);
      toasts.show('Album moved to Raw');
      await vi.advanceTimersByTimeAsync(1000);
      vi.useRealTimers();
      await new Promise((resolve) => setTimeout(resolve, 20)); // let Node report unhandled ones
      expect(unhandled).toEqual([]);
      expect(warn).toHaveBeenCalledOnce();
      expect(open).not.toHaveBeenCalled();

      vi.useFakeTimers();
      toasts.show('Photo sync completed');
      await vi.advanceTimersByTimeAsync(2000);
      expect(load).toHaveBeenCalledTimes(2);
      expect(open).toHaveBeenCalledOnce();
      expect(open.mock.calls[0][0]).toBe('Photo sync completed');
    } finally {
      nodeProcess.off('unhandledRejection', onUnhandled);
      warn.mockRestore();
    }
  });
});

interface NodeProcessLike {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): void;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): void;
}
