/**
 * Server timestamps as instants. The backends write them in several ways: the dev backend
 * `2026-11-30T10:00:00.123Z`, .NET's "O" format seven fractional digits
 * (`…:00.1234567Z`), System.Text.Json trims trailing zeros (`…:00.5Z`, `…:00Z`), and a
 * `DateTimeOffset` carries its offset (`…+07:00`). As strings these do not sort as
 * instants (`"…:00Z" > "…:00.500Z"`), so every timestamp is read here once, strictly, and
 * rewritten in one canonical UTC form: then comparing two strings compares two instants.
 */

/** `YYYY-MM-DDThh:mm:ss`, 0–9 fractional digits, then `Z` or `±hh:mm`. Nothing else. */
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** The longest accepted text: nine fractional digits and an offset. */
const MAX_LENGTH = '0000-00-00T00:00:00.000000000+00:00'.length;

const DAY_MS = 86_400_000;
/** 400 Gregorian years, in ms: shifting by them keeps `Date.UTC` off its 1900+ reading of years 0–99. */
const FOUR_CENTURIES_MS = 146_097 * DAY_MS;
/** The instants whose canonical form has a four-digit year: `0000-…` to `9999-…`. */
const EARLIEST = Date.UTC(2000, 0, 1) - 5 * FOUR_CENTURIES_MS;
const LATEST = Date.UTC(10_000 - 400, 0, 1) + FOUR_CENTURIES_MS - 1;

const daysIn = (year: number, month: number): number =>
  month === 2
    ? (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31;

/** The number written by `length` ASCII digits from `start`, or -1 when one is not a digit. */
function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let index = start; index < start + length; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** A real calendar day and time of day (no leap second: .NET and JavaScript never write one). */
const validDateTime = (
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): boolean =>
  year >= 0 &&
  month >= 1 &&
  month <= 12 &&
  day >= 1 &&
  day <= daysIn(year, month) &&
  hour >= 0 &&
  hour <= 23 &&
  minute >= 0 &&
  minute <= 59 &&
  second >= 0 &&
  second <= 59;

/** Calendar fields to ms since the epoch; the shift keeps years 0–99 as written. */
const utc = (
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): number =>
  Date.UTC(year + 400, month - 1, day, hour, minute, second, millisecond) - FOUR_CENTURIES_MS;

/**
 * The instant of a text already in canonical form (`YYYY-MM-DDThh:mm:ss.sssZ`, a real
 * date and time), else NaN. The hot path (the dev backend writes this form), read
 * without a regex.
 */
function canonicalInstantOf(text: string): number {
  if (
    text.length !== 24 ||
    text.charCodeAt(4) !== 45 /* - */ ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 /* T */ ||
    text.charCodeAt(13) !== 58 /* : */ ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 46 /* . */ ||
    text.charCodeAt(23) !== 90 /* Z */
  ) {
    return Number.NaN;
  }
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const millisecond = digitsAt(text, 20, 3);
  return millisecond >= 0 && validDateTime(year, month, day, hour, minute, second)
    ? utc(year, month, day, hour, minute, second, millisecond)
    : Number.NaN;
}

/**
 * The instant (ms since the epoch) of an ISO 8601 date-time with a `Z` or `±hh:mm`
 * offset and 0–9 fractional digits (read to the millisecond, the rest truncated), or NaN
 * for anything else: `"1"`, `"2026"`, a date alone, a month 13, a 30 February, no offset.
 */
export function instantOf(text: string): number {
  const canonical = canonicalInstantOf(text);
  if (!Number.isNaN(canonical)) return canonical;
  if (text.length > MAX_LENGTH) return Number.NaN;
  const parts = ISO_INSTANT.exec(text);
  if (!parts) return Number.NaN;
  const year = Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  const hour = Number(parts[4]);
  const minute = Number(parts[5]);
  const second = Number(parts[6]);
  if (!validDateTime(year, month, day, hour, minute, second)) return Number.NaN;
  const fraction = parts[7];
  const millisecond = fraction ? Number(fraction.padEnd(3, '0').slice(0, 3)) : 0;
  let offset = 0;
  if (parts[8]) {
    const offsetHours = Number(parts[9]);
    const offsetMinutes = Number(parts[10]);
    if (offsetHours > 23 || offsetMinutes > 59) return Number.NaN;
    offset = (parts[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  const instant = utc(year, month, day, hour, minute, second, millisecond) - offset;
  return instant >= EARLIEST && instant <= LATEST ? instant : Number.NaN;
}

/**
 * The canonical UTC form of a server timestamp (`new Date(ms).toISOString()`: three
 * fractional digits and `Z`), or null when it is not one (see {@link instantOf}).
 * Canonical strings order exactly as their instants do.
 */
export function canonicalInstant(text: string): string | null {
  if (!Number.isNaN(canonicalInstantOf(text))) return text;
  const instant = instantOf(text);
  return Number.isNaN(instant) ? null : new Date(instant).toISOString();
}
