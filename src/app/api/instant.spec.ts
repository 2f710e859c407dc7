import fc from 'fast-check';
import { canonicalInstant, instantOf } from './instant';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** How a backend may write one instant: an offset, and 0–9 fractional digits. */
interface Rendering {
  /** Minutes east of UTC; 0 is written `Z`, `+00:00` or `-00:00`. */
  readonly offsetMinutes: number;
  readonly zeroOffset: 'Z' | '+00:00' | '-00:00';
  /** Digits below the millisecond (.NET writes 7 in all). */
  readonly subMillisecond: string;
  /** System.Text.Json drops trailing zeros, and the point with them when nothing is left. */
  readonly trimZeros: boolean;
}

function render(instant: number, how: Rendering): string {
  const local = new Date(instant + how.offsetMinutes * 60_000);
  let fraction = pad(local.getUTCMilliseconds(), 3) + how.subMillisecond;
  if (how.trimZeros) fraction = fraction.replace(/0+$/, '');
  const minutes = Math.abs(how.offsetMinutes);
  const offset =
    how.offsetMinutes === 0
      ? how.zeroOffset
      : `${how.offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${fraction ? `.${fraction}` : ''}${offset}`
  );
}

/** Instants whose every offset rendering keeps a four-digit year. */
const instants = fc.integer({ min: Date.UTC(1000, 0, 2), max: Date.UTC(9998, 11, 30) });
const renderings: fc.Arbitrary<Rendering> = fc.record({
  offsetMinutes: fc.oneof(
    fc.constant(0),
    fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
    fc.constantFrom(420, -300, 330, 345, -570), // +07:00, -05:00, +05:30, +05:45, -09:30
  ),
  zeroOffset: fc.constantFrom('Z' as const, '+00:00' as const, '-00:00' as const),
  subMillisecond: fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 6 }),
  trimZeros: fc.boolean(),
});
/** From 0000-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z. */
const everyFourDigitYear = fc.integer({
  min: -62_167_219_200_000,
  max: Date.UTC(9999, 11, 31, 23, 59, 59, 999),
});
/** A second instant, often within two seconds of the first: where string order goes wrong. */
const pairs = instants.chain((first) =>
  fc.tuple(
    fc.constant(first),
    fc.oneof(
      instants,
      fc.integer({ min: -2000, max: 2000 }).map((delta) => first + delta),
    ),
  ),
);

const runs = { numRuns: 2000 };

describe('server timestamps as instants', () => {
  it('reads every rendering of an instant as that instant, in one canonical form', () => {
    fc.assert(
      fc.property(instants, renderings, (instant, how) => {
        const text = render(instant, how);
        expect(instantOf(text)).toBe(instant);
        expect(canonicalInstant(text)).toBe(new Date(instant).toISOString());
      }),
      runs,
    );
  });

  it('orders canonical strings exactly as their instants', () => {
    fc.assert(
      fc.property(pairs, renderings, renderings, ([a, b], howA, howB) => {
        const left = canonicalInstant(render(a, howA))!;
        const right = canonicalInstant(render(b, howB))!;
        const byString = left < right ? -1 : left > right ? 1 : 0;
        expect(byString).toBe(Math.sign(a - b));
      }),
      runs,
    );
  });

  it('keeps a canonical string as it is', () => {
    fc.assert(
      fc.property(everyFourDigitYear, (instant) => {
        const canonical = new Date(instant).toISOString();
        expect(canonicalInstant(canonical)).toBe(canonical);
        expect(instantOf(canonical)).toBe(instant);
      }),
      runs,
    );
  });

  it('puts the cases that break string order right', () => {
    const whole = '2026-11-30T10:00:00Z';
    const half = '2026-11-30T10:00:00.500Z';
    expect(whole > half).toBe(true); // the bug: earlier, yet greater as a string
    expect(canonicalInstant(whole)! < canonicalInstant(half)!).toBe(true);
    expect(canonicalInstant('2026-11-30T10:00:00.1234567Z')).toBe('2026-11-30T10:00:00.123Z');
    expect(canonicalInstant('2026-11-30T10:00:00.5Z')).toBe('2026-11-30T10:00:00.500Z');
    expect(canonicalInstant('2026-11-30T17:00:00+07:00')).toBe('2026-11-30T10:00:00.000Z');
    expect(canonicalInstant('2026-01-01T01:30:00+05:30')).toBe('2025-12-31T20:00:00.000Z');
    expect(canonicalInstant('2028-02-29T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(instantOf('1970-01-01T00:00:00.999999999Z')).toBe(999);
  });

  it('refuses anything that is not an ISO 8601 date-time with an offset', () => {
    const junk = [
      '',
      '1',
      '2026',
      '2026-11-30',
      '2026-11-30T10:00',
      '2026-11-30T10:00:00', // no offset: whose local time?
      '2026-13-01T00:00:00Z',
      '2026-13-01T00:00:00.000Z', // the canonical shape, read without a regex: checked too
      '2026-02-30T00:00:00.000Z',
      '2026-11-30T25:00:00.000Z',
      '2026-11-30T10:00:00.0a0Z',
      '2026-11-30T10:00:00.000z',
      '2026-11-30T10-00:00.000Z',
      '2026-00-10T00:00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-11-00T00:00:00Z',
      '2026-11-30T24:00:00Z',
      '2026-11-30T10:60:00Z',
      '2026-11-30T10:00:60Z',
      '2026-11-30T10:00:00.Z',
      '2026-11-30T10:00:00.1234567890Z', // ten fractional digits
      '2026-11-30T10:00:00+0700',
      '2026-11-30T10:00:00+07',
      '2026-11-30T10:00:00+24:00',
      '2026-11-30T10:00:00+07:60',
      '2026-11-30 10:00:00Z',
      '2026-11-30t10:00:00z',
      ' 2026-11-30T10:00:00Z',
      '2026-11-30T10:00:00Z\n',
      '+002026-11-30T10:00:00Z',
      '9999-12-31T23:00:00-01:00', // past year 9999 in UTC
      'Mon, 30 Nov 2026 10:00:00 GMT',
      '１２３４-11-30T10:00:00Z',
    ];
    for (const text of junk) {
      expect({ text, instant: instantOf(text) }).toEqual({ text, instant: Number.NaN });
      expect({ text, canonical: canonicalInstant(text) }).toEqual({ text, canonical: null });
    }
  });

  it('refuses calendar dates that do not exist', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const date = new Date(0);
          date.setUTCFullYear(year, month - 1, day);
          const exists = date.getUTCDate() === day;
          const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}T12:00:00Z`;
          expect(Number.isNaN(instantOf(text))).toBe(!exists);
        },
      ),
      runs,
    );
  });

  it('answers any string with null or a canonical instant, never throwing', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          instants.chain((at) => renderings.map((how) => render(at, how))),
        ),
        (text) => {
          const canonical = canonicalInstant(text);
          if (canonical !== null) {
            expect(canonical).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
            expect(Date.parse(canonical)).toBe(instantOf(text));
          }
        },
      ),
      runs,
    );
  });
});
