/**
 * Compares the messages the app's code marks (extracted by `ng extract-i18n --format json`)
 * with a translation file in the same format. Pure, so the check itself is tested.
 */
export interface Catalog {
  readonly locale: string;
  readonly translations: Readonly<Record<string, string>>;
}

export interface CatalogProblem {
  readonly id: string;
  readonly kind: 'missing' | 'stale' | 'placeholders' | 'untranslated';
  readonly source: string;
  readonly detail?: string;
}

/** Translations allowed to equal their English source (addresses, names). */
export const SAME_IN_EVERY_LANGUAGE = new Set([
  'https://drive.google.com/drive/folders/…',
  'Album',
  // Vietnamese says "album" too, and has one plural form.
  '{$count} album',
  'PhotoFlow',
  'Lightroom Classic',
  'Capture One',
]);

/** `{$NAME}` placeholders, and the names an ICU message interpolates (`{INTERPOLATION}`). */
export function placeholdersOf(message: string): string[] {
  const names = [...message.matchAll(/\{\$([A-Za-z0-9_]+)\}|\{([A-Z][A-Z0-9_]*)\}/g)].map(
    (match) => match[1] ?? match[2]!,
  );
  return [...new Set(names)].sort();
}

/** Whether a message says anything besides its placeholders (`" {$ICU} "` says nothing). */
function hasWords(message: string): boolean {
  return /\p{L}/u.test(message.replace(/\{\$[A-Za-z0-9_]+\}|\{[A-Z][A-Z0-9_]*\}/g, ''));
}

export function compareCatalogs(source: Catalog, translation: Catalog): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  for (const [id, text] of Object.entries(source.translations)) {
    const translated = translation.translations[id];
    if (translated === undefined) {
      problems.push({ id, kind: 'missing', source: text });
      continue;
    }
    const expected = placeholdersOf(text).join(', ');
    const actual = placeholdersOf(translated).join(', ');
    if (expected !== actual) {
      problems.push({
        id,
        kind: 'placeholders',
        source: text,
        detail: `expects {${expected}}, has {${actual}}`,
      });
    } else if (
      translated.trim() === text.trim() &&
      hasWords(text) &&
      !SAME_IN_EVERY_LANGUAGE.has(text.trim())
    ) {
      problems.push({ id, kind: 'untranslated', source: text });
    }
  }
  for (const [id, text] of Object.entries(translation.translations)) {
    if (!(id in source.translations)) problems.push({ id, kind: 'stale', source: text });
  }
  return problems;
}

export function describeProblem(problem: CatalogProblem, locale: string): string {
  const text = JSON.stringify(problem.source);
  switch (problem.kind) {
    case 'missing':
      return `missing in ${locale}: "${problem.id}": ${text}`;
    case 'stale':
      return `no longer in the app (remove it from ${locale}): "${problem.id}": ${text}`;
    case 'placeholders':
      return `placeholders differ in ${locale} "${problem.id}" (${problem.detail}): ${text}`;
    case 'untranslated':
      return `still English in ${locale}: "${problem.id}": ${text}`;
  }
}
