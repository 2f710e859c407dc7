import { DOCUMENT } from '@angular/common';
import { Component, afterNextRender, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router } from '@angular/router';
import { filter, map } from 'rxjs';
import { currentLanguage, pageIn, rememberLanguage, type Language } from './language';

/**
 * The other language, one click away. Each language is its own build under its own prefix,
 * so the switch loads the same page (path, query, fragment) there and remembers the choice.
 */
@Component({
  selector: 'app-language-switch',
  template: `
    <a
      class="switch"
      [href]="otherHref()"
      [attr.lang]="other"
      [attr.hreflang]="other"
      (click)="choose($event)"
      i18n-title
      title="Change the portal's language"
      >{{ otherName }}</a
    >
  `,
  styles: `
    .switch {
      color: inherit;
      font: inherit;
      font-size: 0.875rem;
      padding: 8px;
      border-radius: 8px;
      white-space: nowrap;
    }
  `,
})
export class LanguageSwitch {
  private readonly document = inject(DOCUMENT);
  protected readonly other: Language = currentLanguage() === 'vi' ? 'en' : 'vi';
  /** A language's own name, so a reader of either finds it (names are not translated). */
  protected readonly otherName = this.other === 'vi' ? 'Tiếng Việt' : 'English';

  constructor() {
    // The language in use is the one remembered: a visit to `/` returns here. In the
    // browser only (a prerendered page has no visitor to remember for).
    afterNextRender(() => rememberLanguage(this.document, currentLanguage()));
  }

  /** Follows navigation, so a middle-click opens the page shown now. */
  private readonly url = toSignal(
    inject(Router).events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map((event) => event.urlAfterRedirects),
    ),
  );
  protected readonly otherHref = computed(() => {
    this.url();
    return pageIn(this.other, this.document.location);
  });

  protected choose(event: MouseEvent): void {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    rememberLanguage(this.document, this.other);
    this.document.location.assign(pageIn(this.other, this.document.location));
  }
}
