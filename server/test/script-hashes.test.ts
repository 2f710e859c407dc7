import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { inlineScripts, scriptHashes } from '../tools/script-hashes.ts';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

test('only the scripts a page runs from itself need a hash', () => {
  const html = [
    '<script src="main-AB12CD34.js" type="module"></script>',
    '<script id="ng-state" type="application/json">{"a":1}</script>',
    '<script>window.one = 1</script>',
    '<script type="text/javascript" id="contract">two()</script>',
  ].join('\n');
  assert.deepEqual(inlineScripts(html), ['window.one = 1', 'two()']);
});

test("a build's hashes: every page's inline scripts, each once", () => {
  const root = mkdtempSync(join(tmpdir(), 'script-hashes-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'en', 'login'), { recursive: true });
  writeFileSync(join(root, 'en', 'index.html'), '<script>shell()</script>');
  writeFileSync(
    join(root, 'en', 'login', 'index.html'),
    '<script>shell()</script><script>replay()</script>',
  );
  assert.deepEqual(scriptHashes(root), [sha('shell()'), sha('replay()')].sort());
});
