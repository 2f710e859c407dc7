import {
  DestroyRef,
  ElementRef,
  afterNextRender,
  inject,
  signal,
  type Signal,
} from '@angular/core';

/**
 * The component's own width in CSS pixels, following it; null until the browser has laid it
 * out. Read from a `ResizeObserver`, whose first report comes with the browser's own layout
 * after the first render: reading `clientWidth` in `afterNextRender` forced that layout
 * inside the first render's task (issue 22's Total Blocking Time), and what depends on the
 * width (a grid's rows) was then made in the same task. Where there is no `ResizeObserver`
 * (jsdom), read once after the first render. Call in a component's injection context; its
 * host must not take its width from its content.
 */
export function injectHostWidth(): Signal<number | null> {
  const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  const width = signal<number | null>(null);
  if (typeof ResizeObserver === 'undefined') {
    afterNextRender(() => width.set(host.clientWidth));
  } else {
    const observer = new ResizeObserver((entries) =>
      width.set(entries[entries.length - 1]!.contentRect.width),
    );
    observer.observe(host);
    inject(DestroyRef).onDestroy(() => observer.disconnect());
  }
  return width.asReadonly();
}
