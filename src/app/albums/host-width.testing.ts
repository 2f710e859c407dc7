/**
 * A browser's `ResizeObserver` as tests drive it (jsdom has none): it reports nothing until
 * the test says the browser has laid an element out, as the real one reports after layout.
 */
export class FakeResizeObserver {
  static readonly made: FakeResizeObserver[] = [];
  private readonly observed = new Set<Element>();

  constructor(private readonly report: ResizeObserverCallback) {
    FakeResizeObserver.made.push(this);
  }

  observe(element: Element): void {
    this.observed.add(element);
  }

  unobserve(element: Element): void {
    this.observed.delete(element);
  }

  disconnect(): void {
    this.observed.clear();
  }

  /** The browser laid `element` out `width` px wide: every observer of it hears it. */
  static layOut(element: Element, width: number): void {
    for (const observer of FakeResizeObserver.made) {
      if (!observer.observed.has(element)) continue;
      const entry = { target: element, contentRect: { width } } as unknown as ResizeObserverEntry;
      observer.report([entry], observer as unknown as ResizeObserver);
    }
  }
}

/** Installs the fake in place of the environment's (none in jsdom); returns how to undo it. */
export function installFakeResizeObserver(): () => void {
  const scope = globalThis as { ResizeObserver?: unknown };
  const before = scope.ResizeObserver;
  FakeResizeObserver.made.length = 0;
  scope.ResizeObserver = FakeResizeObserver;
  return () => {
    scope.ResizeObserver = before;
  };
}
