/**
 * Throwaway certificates for the OTLP TLS tests, made with the system's `openssl` in a temporary
 * directory: a self-signed server certificate for 127.0.0.1, and a CA that signs a server and a
 * client certificate (mTLS). Call `remove()` when done.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsFixture {
  dir: string;
  /** Absolute path of a file in the fixture directory, e.g. `path('ca.pem')`. */
  path(name: string): string;
  read(name: string): Buffer;
  remove(): void;
}

/**
 * Files: `self.key`/`self.pem` (self-signed, CN and SAN 127.0.0.1), `ca.key`/`ca.pem`,
 * `server.key`/`server.pem` and `client.key`/`client.pem` signed by the CA.
 */
export function makeTlsFixture(): TlsFixture {
  const dir = mkdtempSync(join(tmpdir(), 'tw-otlp-tls-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const san = 'subjectAltName=IP:127.0.0.1,DNS:localhost';
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'self.key', '-out', 'self.pem', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', san);
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=tw-test-ca');
  writeFileSync(join(dir, 'san.ext'), `${san}\n`);
  for (const who of ['server', 'client']) {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${who}.key`, '-out', `${who}.csr`, '-subj', `/CN=${who === 'server' ? '127.0.0.1' : 'tw-client'}`);
    ssl('x509', '-req', '-in', `${who}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${who}.pem`, '-days', '2', '-extfile', 'san.ext');
  }
  return {
    dir,
    path: (name) => join(dir, name),
    read: (name) => readFileSync(join(dir, name)),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
