import { CARD_ROWS_PER_FRAME, CardRows, type RenderedRows } from './card-rows';

// Eight rendered rows of five, the photographer looking at the third (position 10).
const columns = 5;
const loaded = Array.from({ length: 40 }, (_, position) => `album-${position}`);

describe('CardRows', () => {
  let shown: RenderedRows;
  let rows: CardRows;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'performance'] });
    shown = { rendered: { start: 0, end: 8 }, columns, slots: loaded, focus: 10 };
    rows = new CardRows(() => shown);
  });
  afterEach(() => {
    rows.stop();
    vi.useRealTimers();
  });

  const made = () => [...rows.made()].sort((a, b) => a - b);

  it('makes two rows of cards a frame, from the rows in view downwards, those above last', () => {
    expect(CARD_ROWS_PER_FRAME).toBe(2);
    rows.update();
    expect(made()).toEqual([10, 15]);
    // Another render in the same frame makes nothing more.
    rows.update();
    expect(made()).toEqual([10, 15]);
    vi.advanceTimersToNextFrame();
    expect(made()).toEqual([10, 15, 20, 25]);
    vi.advanceTimersToNextFrame();
    expect(made()).toEqual([10, 15, 20, 25, 30, 35]);
    vi.advanceTimersToNextFrame();
    expect(made()).toEqual([0, 5, 10, 15, 20, 25, 30, 35]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves rows of placeholders alone, and forgets the rows no longer rendered', () => {
    shown = { ...shown, slots: loaded.map((album, position) => (position < 20 ? album : null)) };
    for (let frame = 0; frame < 3; frame++) {
      rows.update();
      vi.advanceTimersToNextFrame();
    }
    expect(made()).toEqual([0, 5, 10, 15]);
    shown = { ...shown, rendered: { start: 2, end: 8 } };
    rows.update();
    expect(made()).toEqual([10, 15]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
