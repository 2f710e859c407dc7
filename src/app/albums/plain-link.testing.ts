/** Clicks `link` as `init` says; whether the app took the click (it prevented the default). */
export function clickIsTheApps(link: Element, init: MouseEventInit): boolean {
  const event = new MouseEvent('click', { bubbles: true, cancelable: true, ...init });
  link.dispatchEvent(event);
  return event.defaultPrevented;
}
