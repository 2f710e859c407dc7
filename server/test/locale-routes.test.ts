import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { chooseLanguage, routeLocale } from '../tools/locale-routes.ts';

const root = mkdtempSync(join(tmpdir(), 'locale-routes-'));
for (const language of ['en', 'vi']) {
  mkdirSync(join(root, 'localized', language), { recursive: true });
  writeFileSync(join(root, 'localized', language, 'index.html'), language);
  writeFileSync(join(root, 'localized', language, 'main.js'), language);
  mkdirSync(join(root, 'localized', language, 'login'));
  writeFileSync(join(root, 'localized', language, 'login', 'index.html'), `${language} sign-in`);
}
mkdirSync(join(root, 'plain'));
writeFileSync(join(root, 'plain', 'index.html'), 'plain');
after(() => rmSync(root, { recursive: true, force: true }));
const localized = join(root, 'localized');

test('a first visit goes to the browser’s first language we ship, else English', () => {
  assert.equal(chooseLanguage(undefined, 'vi-VN,vi;q=0.9,en-US;q=0.8'), 'vi');
  assert.equal(chooseLanguage(undefined, 'fr-FR,vi;q=0.5,en;q=0.8'), 'en');
  assert.equal(chooseLanguage(undefined, 'fr-FR,ja'), 'en');
  assert.equal(chooseLanguage(undefined, undefined), 'en');
});

test('the remembered choice wins over the browser', () => {
  assert.equal(chooseLanguage('a=1; photoflow-lang=en', 'vi-VN'), 'en');
  assert.equal(chooseLanguage('photoflow-lang=vi', 'en-US'), 'vi');
  assert.equal(chooseLanguage('photoflow-lang=xx', 'vi'), 'vi');
});

test('an unprefixed path keeps its path and query in the chosen language', () => {
  assert.deepEqual(routeLocale(localized, '/', { 'accept-language': 'vi' }), {
    kind: 'redirect',
    location: '/vi/',
  });
  assert.deepEqual(
    routeLocale(localized, '/callback?code=abc&state=x', { cookie: 'photoflow-lang=en' }),
    { kind: 'redirect', location: '/en/callback?code=abc&state=x' },
  );
});

test('a language’s files and deep links are served from its build', () => {
  assert.deepEqual(routeLocale(localized, '/vi/main.js', {}), {
    kind: 'file',
    file: join(localized, 'vi', 'main.js'),
  });
  assert.deepEqual(routeLocale(localized, '/en/albums/1', {}), {
    kind: 'file',
    file: join(localized, 'en', 'index.html'),
  });
  // Never a file of the other language or outside the build.
  assert.deepEqual(routeLocale(localized, '/vi/../en/main.js', {}), {
    kind: 'file',
    file: join(localized, 'en', 'main.js'),
  });
  assert.deepEqual(routeLocale(localized, '/vi/%2e%2e/%2e%2e/secret', {}), {
    kind: 'redirect',
    location: '/en/secret',
  });
  assert.deepEqual(routeLocale(localized, '/vi/..%2f..%2fsecret', {}), {
    kind: 'file',
    file: join(localized, 'vi', 'index.html'),
  });
});

test('a prerendered page is served for its path, the app shell for every other', () => {
  for (const url of ['/en/login', '/en/login/', '/en/login?returnUrl=%2Falbums']) {
    assert.deepEqual(routeLocale(localized, url, {}), {
      kind: 'file',
      file: join(localized, 'en', 'login', 'index.html'),
    });
  }
  assert.deepEqual(routeLocale(localized, '/vi/login', {}), {
    kind: 'file',
    file: join(localized, 'vi', 'login', 'index.html'),
  });
  for (const url of ['/en/', '/en/albums', '/en/login/extra', '/en/callback?code=1']) {
    assert.deepEqual(routeLocale(localized, url, {}), {
      kind: 'file',
      file: join(localized, 'en', 'index.html'),
    });
  }
});

test('a plain build is served as before, and a build still running says so', () => {
  assert.deepEqual(routeLocale(join(root, 'plain'), '/albums/1', {}), {
    kind: 'file',
    file: join(root, 'plain', 'index.html'),
  });
  assert.deepEqual(routeLocale(join(root, 'missing'), '/', {}), { kind: 'building' });
});
