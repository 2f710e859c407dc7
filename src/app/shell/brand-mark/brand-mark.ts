import { Component } from '@angular/core';

/**
 * The product's mark in the bar: the camera logo and the name, which gives way to the logo
 * alone on a phone. Shared by the signed-in frame (../shell) and the app shell painted
 * before the app boots (../app-shell-frame), which must look the same.
 */
@Component({
  selector: 'app-brand-mark',
  template: `
    <svg viewBox="0 0 48 48" class="logo" aria-hidden="true">
      <rect x="4" y="10" width="40" height="30" rx="8" />
      <circle cx="24" cy="25" r="9" class="lens" />
      <circle cx="24" cy="25" r="4.5" />
      <rect x="14" y="6" width="12" height="6" rx="2" />
    </svg>
    <span class="name" i18n="@@productName">PhotoFlow</span>
  `,
  styles: `
    :host {
      display: contents;
    }

    .logo {
      width: 32px;
      height: 32px;
      fill: var(--mat-sys-primary);

      .lens {
        fill: var(--mat-sys-surface-container);
      }
    }

    // On a phone the bar holds the language switch, the connection dot, the bell and the
    // account: the logo alone stands for the brand (its link is named "PhotoFlow, all albums").
    @media (max-width: 400px) {
      .name {
        display: none;
      }
    }
  `,
})
export class BrandMark {}
