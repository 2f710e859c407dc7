import { formattingLocale } from './language';

// Built once per page load: the locale of a build never changes while it runs.
const counts = new Intl.NumberFormat(formattingLocale());
const plurals = new Intl.PluralRules(formattingLocale());
/** 24-hour clock in Vietnamese, the browser's time zone (no `timeZone`: the browser's own). */
const clock = new Intl.DateTimeFormat(formattingLocale(), {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2,400` in English, `2.400` in Vietnamese. */
export function formatCount(value: number): string {
  return counts.format(value);
}

/** A time of day in the browser's time zone; '' for an unreadable timestamp. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : clock.format(date);
}

/**
 * The plural form of `count` for this locale (English: one/other; Vietnamese: other only).
 * `$localize` has no ICU, so each form is its own message, chosen by the CLDR rules.
 */
export function plural(count: number, forms: { one: () => string; other: () => string }): string {
  return isSingular(count) ? forms.one() : forms.other();
}

/** Whether `count` takes this locale's singular form: a template's choice between two messages. */
export function isSingular(count: number): boolean {
  return plurals.select(count) === 'one';
}

/*
 * Counts are words chosen in code, not ICU messages in templates: Angular parses each ICU
 * case of a template through two inert HTML documents the first time it renders, a few
 * milliseconds of the first screen's main thread each (issue 22's Total Blocking Time).
 */

/** "6 albums" / "6 album". */
export function albumCount(count: number): string {
  const n = formatCount(count);
  return plural(count, {
    one: () => $localize`:a number of albums, singular:${n}:count: album`,
    other: () => $localize`:a number of albums:${n}:count: albums`,
  });
}

/** "12 picked by the client" / "khách đã chọn 12 ảnh". */
export function pickedByClientCount(count: number): string {
  const n = formatCount(count);
  return $localize`:a number of photos the client picked:${n}:count: picked by the client`;
}

/** "2,400 photos" / "2.400 ảnh". */
export function photoCount(count: number): string {
  const n = formatCount(count);
  return plural(count, {
    one: () => $localize`:a number of photos, singular:${n}:count: photo`,
    other: () => $localize`:a number of photos:${n}:count: photos`,
  });
}
