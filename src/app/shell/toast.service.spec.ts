import { TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import { TOAST_MIN_INTERVAL_MS, ToastService } from './toast.service';

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
