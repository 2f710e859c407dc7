import { signal } from '@angular/core';

/**
 * What a click loads first: a dialog's chunk (the dialog, the forms, the form fields) or the
 * account menu's (the menu, the overlay), no part of the screen's first paint. Its state is
 * the view's to show: `failed` (offline, or the app was updated and the old chunk's file is
 * gone) is said where the click was, since a toast's own chunk may be missing too; the next
 * click tries again.
 */
export class ChunkOnClick<T> {
  readonly state = signal<'idle' | 'loading' | 'failed'>('idle');

  constructor(
    private readonly load: () => Promise<T>,
    /** Named in the console's warning, with the part of the app it belongs to. */
    private readonly what: string,
    private readonly area: string,
  ) {}

  /** What the chunk gives, or null while a load runs (a second click) or when it failed. */
  async get(): Promise<T | null> {
    if (this.state() === 'loading') return null;
    this.state.set('loading');
    try {
      const loaded = await this.load();
      this.state.set('idle');
      return loaded;
    } catch (error: unknown) {
      console.warn(`[${this.area}] ${this.what} did not load.`, error);
      this.state.set('failed');
      return null;
    }
  }
}
