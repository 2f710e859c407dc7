import { InjectionToken } from '@angular/core';

/** Runs `callback` before the next repaint; answers a function that cancels it. */
export type FrameScheduler = (callback: () => void) => () => void;

export const requestFrame: FrameScheduler = (callback) => {
  if (typeof requestAnimationFrame === 'function') {
    const handle = requestAnimationFrame(() => callback());
    return () => cancelAnimationFrame(handle);
  }
  const handle = setTimeout(callback, 16);
  return () => clearTimeout(handle);
};

/** When coalesced progress reaches the store; tests provide a manual scheduler. */
export const FRAME_SCHEDULER = new InjectionToken<FrameScheduler>('Frame scheduler', {
  providedIn: 'root',
  factory: () => requestFrame,
});
