import { LocationStrategy } from '@angular/common';
import { Injectable, inject } from '@angular/core';
import { Router } from '@angular/router';

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

/**
 * Plain links to app URLs (`/albums/a1/photos/p1?tag=t1`): one URL gives both the `href` the
 * browser opens on a modified click and the navigation the app makes on a plain one, so the
 * two cannot point at different places.
 */
@Injectable({ providedIn: 'root' })
export class PlainLinks {
  private readonly router = inject(Router);
  private readonly locationStrategy = inject(LocationStrategy);

  /** The `href` of an app URL, as RouterLink writes it (the base href before it). */
  href(url: string): string {
    return this.locationStrategy.prepareExternalUrl(url);
  }

  /** A click on the link to `url`: followed in the app, or left to the browser (true). */
  follow(event: MouseEvent, url: string): boolean {
    if (!isAppClick(event)) return true;
    void this.router.navigateByUrl(url);
    return false;
  }
}
