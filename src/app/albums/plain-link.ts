/**
 * Whether a click on a plain `<a href>` is the app's to follow (a primary click, no
 * modifier); a modified or middle click is the browser's (a new tab or window), as
 * RouterLink decides. The lists use plain links rather than RouterLink: RouterLink's URL
 * tree, serializing and router subscription, made per card or tile, were about half of
 * making each (bench figures 24 and 28–29).
 */
export function isAppClick(event: MouseEvent): boolean {
  return !(event.button !== 0 || event.ctrlKey || event.shiftKey || event.altKey || event.metaKey);
}
