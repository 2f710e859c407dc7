/** The languages the portal ships in; the first is the source language of the code. */
export const LANGUAGES = ['en', 'vi'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Remembers the photographer's choice: read by the server that redirects `/` (cookie) and by the app. */
export const LANGUAGE_COOKIE = 'photoflow-lang';
export const LANGUAGE_STORAGE_KEY = 'photoflow.language';

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

/**
 * The language this build was compiled for. Each locale is its own build (`@angular/localize`
 * inlines the translations and sets `$localize.locale`); a build without `localize` is English.
 */
export function currentLanguage(): Language {
  const locale = (typeof $localize === 'undefined' ? undefined : $localize.locale) ?? 'en';
  const language = locale.split('-')[0]!.toLowerCase();
  return isLanguage(language) ? language : 'en';
}

/** The BCP 47 locale used for numbers, dates and plurals. */
export function formattingLocale(language: Language = currentLanguage()): string {
  return language === 'vi' ? 'vi-VN' : 'en-US';
}

/** The first of the browser's languages we ship, else English (the choice of a first visit). */
export function preferredLanguage(browserLanguages: readonly string[]): Language {
  for (const tag of browserLanguages) {
    const language = tag.split('-')[0]!.trim().toLowerCase();
    if (isLanguage(language)) return language;
  }
  return 'en';
}

/**
 * The same page in `language`: each language is served under its own prefix (`/vi/…`, `/en/…`),
 * so switching is a navigation that keeps the path, query and fragment.
 */
export function pageIn(
  language: Language,
  location: Pick<Location, 'pathname' | 'search' | 'hash'>,
): string {
  const path = location.pathname.replace(/^\/(en|vi)(?=\/|$)/, '') || '/';
  return `/${language}${path}${location.search}${location.hash}`;
}

/** Keeps the choice for the next visit: a cookie for the server's redirect of `/`, storage for the app. */
export function rememberLanguage(document: Document, language: Language): void {
  const oneYear = 60 * 60 * 24 * 365;
  document.cookie = `${LANGUAGE_COOKIE}=${language}; path=/; max-age=${oneYear}; SameSite=Lax`;
  try {
    document.defaultView?.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Storage refused (private mode, quota): the cookie still remembers.
  }
}

/**
 * The language of the hub's free-text `message` fields (one broadcast for every listener, so
 * in the server's language, not the caller's). Shown only on a page in that language; on
 * another, the app's own sentence built from the event's fields stands alone.
 */
export const HUB_MESSAGE_LANGUAGE: Language = 'en';

/** The hub's own words when the page speaks their language, else null. */
export function hubDetail(message: string | undefined | null): string | null {
  return message && currentLanguage() === HUB_MESSAGE_LANGUAGE ? message : null;
}
