import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A self-signed certificate authority on disk, made with openssl. */
export interface CertificateAuthority {
  certFile: string;
  keyFile: string;
  /** The CA certificate in PEM form (for caBundle fields). */
  pem: string;
}

/** A key pair signed by a {@link CertificateAuthority}. */
export interface IssuedCertificate {
  certFile: string;
  keyFile: string;
}

export interface IssueOptions {
  /** Subject CN; for client certificates this is the user name. */
  commonName: string;
  /** Subject O entries; for client certificates these are the groups. */
  organizations?: string[];
  dnsNames?: string[];
  ips?: string[];
  /** Which extended key usages to put in (default: server and client). */
  usage?: Array<'server' | 'client'>;
}

function openssl(args: string[], cwd: string) {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Creates (or reuses, when both files exist) a CA named `name` in `dir`:
 * `<name>.crt` and `<name>.key`. Reuse keeps a restarted cluster's
 * certificates valid for clients that already trust the CA.
 */
export function createCa(dir: string, name: string): CertificateAuthority {
  fs.mkdirSync(dir, { recursive: true });
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  if (!fs.existsSync(certFile) || !fs.existsSync(keyFile)) {
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '3650',
        '-subj',
        `/CN=${name}`,
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
      ],
      dir,
    );
  }
  return { certFile, keyFile, pem: fs.readFileSync(certFile, 'utf8') };
}

/**
 * Issues `<name>.crt`/`<name>.key` in `dir`, signed by `ca` (reused when
 * both files exist and are newer than the CA).
 */
export function issueCertificate(
  ca: CertificateAuthority,
  dir: string,
  name: string,
  options: IssueOptions,
): IssuedCertificate {
  fs.mkdirSync(dir, { recursive: true });
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  const fresh =
    fs.existsSync(certFile) &&
    fs.existsSync(keyFile) &&
    fs.statSync(certFile).mtimeMs >= fs.statSync(ca.certFile).mtimeMs;
  if (fresh) return { certFile, keyFile };

  const san = [
    ...(options.dnsNames ?? []).map(d => `DNS:${d}`),
    ...(options.ips ?? []).map(ip => `IP:${ip}`),
  ];
  const usage = (options.usage ?? ['server', 'client'])
    .map(u => (u === 'server' ? 'serverAuth' : 'clientAuth'))
    .join(',');
  const subject = [
    ...(options.organizations ?? []).map(o => `/O=${o}`),
    `/CN=${options.commonName}`,
  ].join('');
  const ext = [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage=${usage}`,
    ...(san.length ? [`subjectAltName=${san.join(',')}`] : []),
  ].join('\n');
  const extFile = path.join(dir, `${name}.ext`);
  const csrFile = path.join(dir, `${name}.csr`);
  fs.writeFileSync(extFile, `${ext}\n`);
  openssl(
    [
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      csrFile,
      '-subj',
      subject,
    ],
    dir,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      csrFile,
      '-CA',
      ca.certFile,
      '-CAkey',
      ca.keyFile,
      '-CAcreateserial',
      '-out',
      certFile,
      '-days',
      '3650',
      '-extfile',
      extFile,
    ],
    dir,
  );
  fs.rmSync(csrFile, { force: true });
  fs.rmSync(extFile, { force: true });
  return { certFile, keyFile };
}
