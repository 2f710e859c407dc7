import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cacheControlFor, isFresh, negotiateCoding, varyOnEncoding } from '../tools/delivery.ts';

// How the app server of `npm start` and the e2e suite delivers files (README, "Deployment").

describe('negotiateCoding', () => {
  it('prefers brotli, then gzip, else sends the file as it is', () => {
    assert.equal(negotiateCoding('gzip, deflate, br, zstd'), 'br');
    assert.equal(negotiateCoding('gzip, deflate'), 'gzip');
    assert.equal(negotiateCoding('deflate'), 'identity');
    assert.equal(negotiateCoding(''), 'identity');
    assert.equal(negotiateCoding(undefined), 'identity');
  });

  it('honours q-values and the wildcard', () => {
    assert.equal(negotiateCoding('br;q=0, gzip'), 'gzip');
    assert.equal(negotiateCoding('*'), 'br');
    assert.equal(negotiateCoding('*;q=0, gzip'), 'gzip');
    assert.equal(negotiateCoding('br;q=0, gzip;q=0, *'), 'identity');
    assert.equal(negotiateCoding('GZIP ; q=0.5'), 'gzip');
  });

  it('never answers a coding the browser refused', () => {
    const entry = fc.record({
      name: fc.constantFrom('br', 'gzip', 'deflate', 'identity', '*', 'zstd', 'BR'),
      q: fc.option(fc.constantFrom('0', '0.0', '0.5', '1', 'x')),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), (entries) => {
        const header = entries.map(({ name, q }) => (q === null ? name : `${name};q=${q}`));
        const coding = negotiateCoding(header.join(', '));
        if (coding === 'identity') return;
        const last = new Map(
          entries.map(({ name, q }) => [name.toLowerCase(), q === null ? 1 : Number(q) || 0]),
        );
        const weight = last.get(coding) ?? last.get('*') ?? 0;
        assert.ok(weight > 0, `${header.join(', ')} → ${coding}`);
      }),
    );
  });
});

describe('cacheControlFor', () => {
  it('caches for good what the build named by its content, and revalidates the rest', () => {
    const immutable = 'public, max-age=31536000, immutable';
    assert.equal(cacheControlFor('/dist/en/main-2N4IL5LA.js'), immutable);
    assert.equal(cacheControlFor('/dist/en/chunk-BoL-mhJ-.js'), immutable);
    assert.equal(cacheControlFor('/dist/en/styles-ZEXOVFDK.css'), immutable);
    assert.equal(cacheControlFor('/dist/en/index.html'), 'no-cache');
    assert.equal(cacheControlFor('/dist/en/main.js'), 'no-cache');
    assert.equal(cacheControlFor('/dist/en/favicon.ico'), 'no-cache');
    assert.equal(cacheControlFor('/dist/en/chunk-274NXHC6.js.map'), 'no-cache');
  });
});

describe('isFresh and varyOnEncoding', () => {
  it("matches the browser's ETags, weak or strong", () => {
    assert.equal(isFresh('"abc"', '"abc"'), true);
    assert.equal(isFresh('W/"abc", "def"', '"abc"'), true);
    assert.equal(isFresh('"def"', '"abc"'), false);
    assert.equal(isFresh(undefined, '"abc"'), false);
  });

  it('adds Accept-Encoding to Vary once', () => {
    assert.equal(varyOnEncoding(undefined), 'Accept-Encoding');
    assert.equal(varyOnEncoding('Origin'), 'Origin, Accept-Encoding');
    assert.equal(varyOnEncoding('origin, accept-encoding'), 'origin, accept-encoding');
    assert.equal(varyOnEncoding('*'), '*');
  });
});
