/**
 * Prints the `'sha256-…'` sources of a build's inline scripts, for the CSP header
 * (README, "The app's Content Security Policy"):
 *
 *   node server/tools/print-script-hashes.ts dist/photoflow-web/browser
 */
import { scriptHashes } from './script-hashes.ts';

const root = process.argv[2];
if (!root) {
  console.error('Usage: node server/tools/print-script-hashes.ts <built browser folder>');
  process.exit(2);
}
console.log(scriptHashes(root).join(' '));
