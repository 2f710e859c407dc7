import { InjectionToken } from '@angular/core';

/** Animation frames: asking for the next one, and telling which one we are in. */
export interface FrameScheduler {
  /** Runs `callback` before the next repaint; answers a function that cancels it. */
  request(callback: () => void): () => void;
  /**
   * The current animation frame: one value per rendering opportunity, which a task run
   * between two frames shares with the frame before it. Null when unknown.
   */
  currentFrame(): number | null;
}

/** requestAnimationFrame, and `document.timeline.currentTime` as the frame. */
export const browserFrameScheduler: FrameScheduler = {
  request(callback) {
    if (typeof requestAnimationFrame === 'function') {
      const handle = requestAnimationFrame(() => callback());
      return () => cancelAnimationFrame(handle);
    }
    const handle = setTimeout(callback, 16);
    return () => clearTimeout(handle);
  },
  currentFrame() {
    const time = typeof document === 'undefined' ? null : document.timeline?.currentTime;
    return typeof time === 'number' ? time : null;
  },
};

/** When coalesced progress reaches the store; tests provide a manual scheduler. */
export const FRAME_SCHEDULER = new InjectionToken<FrameScheduler>('Frame scheduler', {
  providedIn: 'root',
  factory: () => browserFrameScheduler,
});
