/**
 * How a server in front of the built app answers a path, for both kinds of build:
 * a plain one (one `index.html` at the root) and a localized one (`ng build --localize`:
 * one build per language under `en/` and `vi/`). Used by `npm start` and the e2e suite's
 * server; a production host does the same (README, "Languages").
 *
 * - `/vi/…`, `/en/…`: the file if it exists, else the page the build prerendered for that
 *   path (`en/login/index.html`: the sign-in page), else that language's `index.html`, the
 *   app shell every other screen is rendered over in the browser (deep links);
 * - anything else (`/`, `/albums/1`, the OAuth return `/callback?code=…`): a redirect to the
 *   same path and query in the remembered language (cookie), else the browser's first
 *   language we ship (`Accept-Language`), else English.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';

export const LANGUAGES = ['en', 'vi'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_COOKIE = 'photoflow-lang';

export type LocaleRoute =
  | { readonly kind: 'file'; readonly file: string }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'building' };

function isLanguage(value: string | undefined): value is Language {
  return (LANGUAGES as readonly string[]).includes(value ?? '');
}

/** Whether `root` holds one build per language (`ng build --localize`). */
export function isLocalized(root: string): boolean {
  return existsSync(root) && LANGUAGES.every((language) => readdirSync(root).includes(language));
}

/** The remembered choice, else the first of the browser's languages we ship, else English. */
export function chooseLanguage(
  cookieHeader: string | undefined,
  acceptLanguage: string | undefined,
): Language {
  const remembered = (cookieHeader ?? '')
    .split(';')
    .map((pair) => pair.trim().split('='))
    .find(([name]) => name === LANGUAGE_COOKIE)?.[1];
  if (isLanguage(remembered)) return remembered;
  const browser = (acceptLanguage ?? '')
    .split(',')
    .map((entry) => {
      const [tag = '', ...params] = entry.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { language: tag.split('-')[0]!.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q)
    .find((entry) => isLanguage(entry.language));
  return browser ? (browser.language as Language) : 'en';
}

export function routeLocale(
  root: string,
  url: string,
  headers: { readonly cookie?: string; readonly 'accept-language'?: string },
): LocaleRoute {
  const parsed = new URL(url, 'http://x');
  const pathname = decodeURIComponent(parsed.pathname);
  const localized = isLocalized(root);
  const language = pathname.split('/')[1];
  if (localized && !isLanguage(language)) {
    const chosen = chooseLanguage(headers.cookie, headers['accept-language']);
    return { kind: 'redirect', location: `/${chosen}${parsed.pathname}${parsed.search}` };
  }
  const base = localized ? join(root, language!) : root;
  const index = join(base, 'index.html');
  const file = normalize(join(root, pathname));
  if (file.startsWith(base + sep) && existsSync(file)) {
    if (!statSync(file).isDirectory()) return { kind: 'file', file };
    const prerendered = join(file, 'index.html');
    if (existsSync(prerendered)) return { kind: 'file', file: prerendered };
  }
  return existsSync(index) ? { kind: 'file', file: index } : { kind: 'building' };
}
