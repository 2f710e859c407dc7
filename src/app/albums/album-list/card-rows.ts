import { signal } from '@angular/core';

/** Rows of cards made in one frame at most (10 cards at 1280 px): the rest wait a frame. */
export const CARD_ROWS_PER_FRAME = 2;
/** A budget spent this long ago is a frame old: it is whole again. */
const frameMs = 10;

/** What the grid renders now: its rows (by index), its columns and the list's slots. */
export interface RenderedRows {
  readonly rendered: { readonly start: number; readonly end: number };
  readonly columns: number;
  readonly slots: readonly unknown[];
  /** The position the photographer looks at (the first card near the viewport), or null. */
  readonly focus: number | null;
}

/**
 * The grid's rendered rows whose cards are made, by their first position. A page landing in
 * view, or a scroll step that renders many rows at once (a long frame on a busy machine),
 * would otherwise make dozens of cards in one task (bench figure 24): here a row shows
 * placeholders until its turn, CARD_ROWS_PER_FRAME rows a frame, from the rows in view
 * downwards, then those above.
 */
export class CardRows {
  private readonly rows = signal<ReadonlySet<number>>(new Set());
  /** The first positions of the rows whose cards are made. */
  readonly made = this.rows.asReadonly();
  private budget = { at: Number.NEGATIVE_INFINITY, rows: 0 };
  private frame: number | null = null;

  constructor(private readonly shown: () => RenderedRows | null) {}

  /** After each render: makes the next rows' cards, and asks a frame for the rest. */
  update(): void {
    const shown = this.shown();
    if (!shown) return;
    const { rendered, columns, slots } = shown;
    const focus = shown.focus ?? rendered.start * columns;
    const made = this.rows();
    const next = new Set<number>();
    const waiting: number[] = [];
    for (let row = rendered.start; row < rendered.end; row++) {
      const first = row * columns;
      if (made.has(first)) next.add(first);
      else if (anyLoaded(slots, first, first + columns)) waiting.push(first);
    }
    const now = performance.now();
    if (now - this.budget.at >= frameMs) this.budget = { at: now, rows: 0 };
    const room = Math.max(0, CARD_ROWS_PER_FRAME - this.budget.rows);
    const distance = (first: number) =>
      first >= focus ? first - focus : slots.length + focus - first;
    waiting.sort((a, b) => distance(a) - distance(b));
    for (const first of waiting.slice(0, room)) next.add(first);
    this.budget.rows += Math.min(room, waiting.length);
    if (waiting.length > room) {
      this.frame ??= requestAnimationFrame(() => {
        this.frame = null;
        this.update();
      });
    }
    if (next.size !== made.size || [...next].some((first) => !made.has(first))) {
      this.rows.set(next);
    }
  }

  stop(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
  }
}

function anyLoaded(slots: readonly unknown[], from: number, to: number): boolean {
  for (let position = from; position < Math.min(to, slots.length); position++) {
    if (slots[position]) return true;
  }
  return false;
}
