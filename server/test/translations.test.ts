import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareCatalogs, placeholdersOf } from '../tools/translations.ts';

const en = (translations: Record<string, string>) => ({ locale: 'en', translations });
const vi = (translations: Record<string, string>) => ({ locale: 'vi', translations });

test('a complete translation has no problem', () => {
  assert.deepEqual(
    compareCatalogs(
      en({ a: 'Albums', b: '{$count} photos' }),
      vi({ a: 'Album', b: '{$count} ảnh' }),
    ),
    [],
  );
});

test('a message the app marks but the file lacks is missing', () => {
  const problems = compareCatalogs(en({ a: 'Albums', b: 'Sign out' }), vi({ a: 'Album' }));
  assert.deepEqual(
    problems.map((p) => [p.id, p.kind]),
    [['b', 'missing']],
  );
});

test('a translation the app no longer has is stale', () => {
  const problems = compareCatalogs(en({ a: 'Albums' }), vi({ a: 'Album', old: 'Cũ' }));
  assert.deepEqual(
    problems.map((p) => [p.id, p.kind]),
    [['old', 'stale']],
  );
});

test('a lost or invented placeholder is caught, ICU ones included', () => {
  const problems = compareCatalogs(
    en({
      a: '{$count} photos',
      b: '{VAR_PLURAL, plural, =1 {{INTERPOLATION} album} other {{INTERPOLATION} albums}}',
    }),
    vi({ a: 'ảnh', b: '{VAR_PLURAL, plural, other {album}}' }),
  );
  assert.deepEqual(
    problems.map((p) => [p.id, p.kind]),
    [
      ['a', 'placeholders'],
      ['b', 'placeholders'],
    ],
  );
});

test('a translation left in English is caught, except what reads the same everywhere', () => {
  const problems = compareCatalogs(
    en({ a: 'Sign out', b: 'https://drive.google.com/drive/folders/…', c: ' {$ICU} ' }),
    vi({ a: 'Sign out', b: 'https://drive.google.com/drive/folders/…', c: ' {$ICU} ' }),
  );
  assert.deepEqual(
    problems.map((p) => [p.id, p.kind]),
    [['a', 'untranslated']],
  );
});

test('placeholders are read from both message forms', () => {
  assert.deepEqual(
    placeholdersOf('Stage: {$START_TAG_STRONG}{$INTERPOLATION}{$CLOSE_TAG_STRONG}'),
    ['CLOSE_TAG_STRONG', 'INTERPOLATION', 'START_TAG_STRONG'],
  );
  assert.deepEqual(placeholdersOf('{VAR_PLURAL, plural, other {{INTERPOLATION} ảnh}}'), [
    'INTERPOLATION',
  ]);
});
