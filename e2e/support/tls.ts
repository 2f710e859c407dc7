import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate for 127.0.0.1, made for one bench run, and what Chromium trusts it by. */
export interface LocalCertificate {
  readonly key: string;
  readonly cert: string;
  /**
   * The base64 SHA-256 of its public key (SPKI): Chromium's
   * `--ignore-certificate-errors-spki-list` takes it as valid, so pages served with it
   * are secure contexts as a production origin's are, with no certificate error.
   */
  readonly spkiSha256: string;
}

/** A fresh self-signed P-256 certificate for 127.0.0.1 (openssl, valid 2 days); nothing kept on disk. */
export function localCertificate(): LocalCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'pf-tls-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    // prettier-ignore
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', keyFile, '-out', certFile,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    const key = readFileSync(keyFile, 'utf8');
    const cert = readFileSync(certFile, 'utf8');
    const spki = createPublicKey(cert).export({ type: 'spki', format: 'der' });
    return { key, cert, spkiSha256: createHash('sha256').update(spki).digest('base64') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
