#!/usr/bin/env node
// Off-site, encrypted logical backups for Kubernetes (the Helm chart's backup CronJob and restore Job run it in the
// Tika image; it works the same from a checkout). Plain JavaScript: the image has node and nothing else.
//
//   node scripts/backup-s3.mjs push --file DUMP [--keep N]   encrypt DUMP, upload it and its manifest, keep the
//                                                           newest N backups (older ones are deleted), remove DUMP
//   node scripts/backup-s3.mjs fetch [--key KEY|latest] --out FILE   download, check the SHA-256 in the manifest,
//                                                           decrypt to FILE
//   node scripts/backup-s3.mjs list                          the backups under the prefix, newest first
//   node scripts/backup-s3.mjs decrypt --in FILE.enc --out FILE      decrypt a downloaded dump by hand
//
// Encryption: the format of `openssl enc -aes-256-cbc -pbkdf2 -iter 200000 -salt -pass env:BACKUP_PASSPHRASE`
// (the compose backups' format too), so a dump can be decrypted anywhere with openssl alone:
//   openssl enc -d -aes-256-cbc -pbkdf2 -iter 200000 -pass env:BACKUP_PASSPHRASE -in X.dump.enc -out X.dump
// CBC carries no integrity of its own: the manifest's SHA-256 of the encrypted object is checked before decrypting.
// The plaintext never leaves the pod; the passphrase never reaches the bucket.
//
// Environment: BACKUP_PASSPHRASE (required), S3_BUCKET, S3_PREFIX (default tika/), S3_REGION (default us-east-1),
// S3_ENDPOINT (an S3-compatible service: MinIO, Ceph, R2, …; empty for AWS), S3_FORCE_PATH_STYLE (default true
// with an endpoint), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (optional),
// S3_SERVER_SIDE_ENCRYPTION (optional: AES256 or aws:kms, on top of ours).
// Objects: <prefix><UTC stamp>.dump.enc and <prefix><UTC stamp>.json (the manifest, written last: a backup
// without a manifest is incomplete and never restored).
import { createCipheriv, createDecipheriv, createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, statSync, unlinkSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { recordBackupRun } from './lib/backup-runs.mjs';
import { scriptLogger } from './lib/json-stdio.mjs';

/** aws4 ships no types: the one function used, which adds the SigV4 headers to the request in place. */
/** @type {{ sign(request: SignedRequest, credentials: S3Config['credentials']): unknown }} */
const aws4 = createRequire(import.meta.url)('aws4');
const log = scriptLogger('backup');
const ITERATIONS = 200_000;
const MAX_SINGLE_PUT = 5 * 1024 ** 3; // S3's limit for one PUT

class Usage extends Error {}

/** @typedef {ReturnType<typeof s3Config>} S3Config */
/**
 * @typedef {object} S3Request
 * @property {'GET' | 'PUT' | 'DELETE'} method
 * @property {string} [key]
 * @property {string} [query]
 * @property {Record<string, string>} [headers]
 * @property {Buffer | import('node:stream').Readable} [body]
 * @property {number} [length]
 */
/**
 * @typedef {{ host: string, method: string, path: string, service: string, region: string,
 *   headers: Record<string, string>, body?: Buffer }} SignedRequest
 */
/**
 * The manifest written beside each dump (and read back before a restore).
 * @typedef {{ format: string, object: string, sha256: string, bytes: number, plainBytes: number,
 *   createdAt: string, database?: string, tika?: string }} Manifest
 */

export function s3Config(env = process.env) {
  const bucket = env.S3_BUCKET;
  if (!bucket) throw new Usage('S3_BUCKET is required');
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY)
    throw new Usage('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are required');
  const region = env.S3_REGION || 'us-east-1';
  const endpoint = new URL(env.S3_ENDPOINT || `https://s3.${region}.amazonaws.com`);
  const pathStyle = (env.S3_FORCE_PATH_STYLE ?? (env.S3_ENDPOINT ? 'true' : 'false')) === 'true';
  return {
    bucket,
    region,
    endpoint,
    pathStyle,
    prefix: env.S3_PREFIX ?? 'tika/',
    sse: env.S3_SERVER_SIDE_ENCRYPTION || '',
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    },
  };
}

/**
 * One signed S3 request (SigV4 by aws4). body: undefined, a Buffer, or a stream with its length.
 * @param {S3Config} config
 * @param {S3Request} request
 * @returns {Promise<import('node:http').IncomingMessage>}
 */
function s3(config, { method, key = '', query = '', headers = {}, body, length }) {
  const host = config.pathStyle ? config.endpoint.host : `${config.bucket}.${config.endpoint.host}`;
  const base = config.endpoint.pathname.replace(/\/$/, '');
  const objectPath = `${config.pathStyle ? `/${config.bucket}` : ''}/${key.split('/').map(encodeURIComponent).join('/')}`;
  /** @type {SignedRequest} */
  const request = {
    host,
    method,
    path: `${base}${objectPath}${query ? `?${query}` : ''}`,
    service: 's3',
    region: config.region,
    headers: { ...headers, ...(length !== undefined ? { 'content-length': String(length) } : {}) },
  };
  if (Buffer.isBuffer(body)) request.body = body;
  else request.headers['x-amz-content-sha256'] = body ? 'UNSIGNED-PAYLOAD' : createHash('sha256').digest('hex');
  aws4.sign(request, config.credentials);
  const transport = config.endpoint.protocol === 'http:' ? http : https;
  /** @type {Promise<import('node:http').IncomingMessage>} */
  const answer = new Promise((resolve, reject) => {
    const req = transport.request(
      { ...request, hostname: config.endpoint.hostname, port: config.endpoint.port || undefined, timeout: 120_000 },
      (res) => resolve(res),
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`S3 ${method} ${key}: timed out`)));
    if (body && !Buffer.isBuffer(body)) body.on('error', (error) => req.destroy(error)).pipe(req);
    else req.end(body);
  });
  return answer;
}

/** @param {AsyncIterable<Buffer>} res */
async function text(res) {
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of res) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * @param {import('node:http').IncomingMessage} res
 * @param {string} what
 */
async function expectOk(res, what) {
  const status = res.statusCode ?? 0;
  if (status >= 200 && status < 300) return res;
  const body = await text(res);
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? '';
  throw new Error(`${what}: S3 answered ${status} ${code}`.trim());
}

/**
 * The openssl enc key and IV: PBKDF2-HMAC-SHA256 over the passphrase and an 8-byte salt, 48 bytes.
 * @param {string} passphrase
 * @param {Buffer} salt
 */
function keyAndIv(passphrase, salt) {
  const derived = pbkdf2Sync(passphrase, salt, ITERATIONS, 48, 'sha256');
  return { key: derived.subarray(0, 32), iv: derived.subarray(32) };
}

/** @param {number} plainLength */
export function encryptedLength(plainLength) {
  return 16 + (Math.floor(plainLength / 16) + 1) * 16; // "Salted__" + salt, then PKCS#7-padded blocks
}

/**
 * A Transform writing openssl's "Salted__" header, then AES-256-CBC.
 * @param {string} passphrase
 */
export function encryptStream(passphrase) {
  const salt = randomBytes(8);
  const { key, iv } = keyAndIv(passphrase, salt);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  let headerSent = false;
  return new Transform({
    transform(chunk, _encoding, done) {
      if (!headerSent) {
        this.push(Buffer.concat([Buffer.from('Salted__'), salt]));
        headerSent = true;
      }
      done(null, cipher.update(chunk));
    },
    flush(done) {
      if (!headerSent) this.push(Buffer.concat([Buffer.from('Salted__'), salt]));
      done(null, cipher.final());
    },
  });
}

/**
 * The inverse: reads the 16-byte header, then decrypts. A wrong passphrase fails at the end (bad padding).
 * @param {string} passphrase
 */
export function decryptStream(passphrase) {
  let header = Buffer.alloc(0);
  /** @type {import('node:crypto').Decipheriv | undefined} */
  let decipher;
  return new Transform({
    transform(chunk, _encoding, done) {
      if (decipher) return done(null, decipher.update(chunk));
      header = Buffer.concat([header, chunk]);
      if (header.length < 16) return done();
      if (!header.subarray(0, 8).equals(Buffer.from('Salted__')))
        return done(new Error('not an openssl-encrypted dump (no Salted__ header)'));
      const { key, iv } = keyAndIv(passphrase, header.subarray(8, 16));
      decipher = createDecipheriv('aes-256-cbc', key, iv);
      done(null, decipher.update(header.subarray(16)));
    },
    flush(done) {
      if (!decipher) return done(new Error('the encrypted dump is truncated'));
      try {
        done(null, decipher.final());
      } catch {
        done(new Error('decryption failed: wrong BACKUP_PASSPHRASE, or the file is damaged'));
      }
    },
  });
}

function passphrase(env = process.env) {
  if (!env.BACKUP_PASSPHRASE) throw new Usage('BACKUP_PASSPHRASE is required: backups are never shipped unencrypted');
  return env.BACKUP_PASSPHRASE;
}

const stamp = (date = new Date()) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/**
 * @param {S3Config} config
 * @returns {Promise<string[]>} the complete backups' names, newest first
 */
export async function listBackups(config) {
  /** @type {string[]} */
  const keys = [];
  let token = '';
  do {
    const query = `list-type=2&prefix=${encodeURIComponent(config.prefix)}${token ? `&continuation-token=${encodeURIComponent(token)}` : ''}`;
    const body = await text(await expectOk(await s3(config, { method: 'GET', query }), 'list'));
    for (const [, key = ''] of body.matchAll(/<Key>([^<]+)<\/Key>/g)) keys.push(key.replace(/&amp;/g, '&'));
    token = /<IsTruncated>true<\/IsTruncated>/.test(body)
      ? (/<NextContinuationToken>([^<]+)<\/NextContinuationToken>/.exec(body)?.[1] ?? '')
      : '';
  } while (token);
  // A backup is complete when its manifest exists; names sort by time.
  return keys
    .filter((k) => k.endsWith('.json'))
    .map((k) => k.slice(0, -'.json'.length))
    .sort()
    .reverse();
}

/**
 * @param {S3Config} config
 * @param {string} key
 * @returns {Promise<Manifest>}
 */
async function getJson(config, key) {
  return JSON.parse(await text(await expectOk(await s3(config, { method: 'GET', key }), `get ${key}`)));
}

/**
 * @param {S3Config} config
 * @param {string} file
 * @param {{ keep?: number, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<Manifest>}
 */
export async function push(config, file, { keep, env = process.env } = {}) {
  const pass = passphrase(env);
  const plain = statSync(file).size;
  if (plain === 0) throw new Error(`${file} is empty: pg_dump wrote nothing`);
  const length = encryptedLength(plain);
  if (length > MAX_SINGLE_PUT) throw new Error(`the encrypted dump is ${length} bytes, over S3's 5 GiB single upload`);
  const name = `${config.prefix}${stamp()}`;
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk, _e, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const started = Date.now();
  const body = createReadStream(file).pipe(encryptStream(pass)).pipe(hashing);
  /** @type {Record<string, string>} */
  const headers = { 'content-type': 'application/octet-stream' };
  if (config.sse) headers['x-amz-server-side-encryption'] = config.sse;
  await expectOk(await s3(config, { method: 'PUT', key: `${name}.dump.enc`, headers, body, length }), 'upload');
  /** @type {Manifest} */
  const manifest = {
    format: 'pg_dump custom, openssl enc -aes-256-cbc -pbkdf2 -iter 200000 -md sha256',
    object: `${name}.dump.enc`,
    sha256: hash.digest('hex'),
    bytes: length,
    plainBytes: plain,
    createdAt: new Date().toISOString(),
    database: env.BACKUP_DATABASE_NAME || undefined,
    tika: env.TIKA_VERSION || undefined,
  };
  const json = Buffer.from(JSON.stringify(manifest, null, 2));
  await expectOk(
    await s3(config, {
      method: 'PUT',
      key: `${name}.json`,
      headers: {
        'content-type': 'application/json',
        ...(config.sse ? { 'x-amz-server-side-encryption': config.sse } : {}),
      },
      body: json,
      length: json.length,
    }),
    'upload manifest',
  );
  unlinkSync(file);
  log('info', `uploaded ${name}.dump.enc (${length} bytes, encrypted) in ${Date.now() - started} ms`, {
    object: `${name}.dump.enc`,
    sha256: manifest.sha256,
    bytes: length,
  });
  if (keep) await retain(config, keep);
  return manifest;
}

/**
 * @param {S3Config} config
 * @param {number} keep
 */
async function retain(config, keep) {
  const backups = await listBackups(config);
  for (const name of backups.slice(keep)) {
    for (const key of [`${name}.json`, `${name}.dump.enc`]) {
      const res = await s3(config, { method: 'DELETE', key });
      await expectOk(res, `delete ${key}`);
      await text(res);
    }
    log('info', `retention (${keep}): removed ${name}`, { removed: name });
  }
}

/**
 * @param {S3Config} config
 * @param {string | undefined} which a backup's name (or one of its objects' keys), or 'latest'
 * @param {string} out
 * @param {{ env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<Manifest>}
 */
export async function fetchBackup(config, which, out, { env = process.env } = {}) {
  const pass = passphrase(env);
  let name = which;
  if (!which || which === 'latest') {
    [name] = await listBackups(config);
    if (!name) throw new Error(`no complete backup under s3://${config.bucket}/${config.prefix}`);
  } else name = which.replace(/\.(json|dump\.enc)$/, '');
  const manifest = await getJson(config, `${name}.json`);
  const encrypted = `${out}.enc.partial`;
  const hash = createHash('sha256');
  const res = await expectOk(await s3(config, { method: 'GET', key: manifest.object }), `get ${manifest.object}`);
  await pipeline(
    res,
    new Transform({
      transform(chunk, _e, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    }),
    createWriteStream(encrypted, { mode: 0o600 }),
  );
  const sha256 = hash.digest('hex');
  if (sha256 !== manifest.sha256) {
    unlinkSync(encrypted);
    throw new Error(`${manifest.object}: SHA-256 ${sha256} does not match the manifest's ${manifest.sha256}`);
  }
  // Group-readable: in the restore Job pg_restore runs as the postgres image's uid, in the pod's fsGroup.
  await pipeline(createReadStream(encrypted), decryptStream(pass), createWriteStream(out, { mode: 0o640 }));
  unlinkSync(encrypted);
  log('info', `restored ${manifest.object} (taken ${manifest.createdAt}) to ${out}, checksum verified`, {
    object: manifest.object,
    createdAt: manifest.createdAt,
  });
  return manifest;
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      file: { type: 'string' },
      keep: { type: 'string' },
      key: { type: 'string', default: 'latest' },
      out: { type: 'string' },
      in: { type: 'string' },
    },
  });
  const [command] = positionals;
  switch (command) {
    case 'push': {
      if (!values.file) throw new Usage('push needs --file DUMP');
      const keep = values.keep ? Number(values.keep) : undefined;
      if (keep !== undefined && !(Number.isInteger(keep) && keep > 0))
        throw new Usage('--keep must be a positive integer');
      // Success or failure, the run is recorded in the database (backup_runs) when BACKUP_DATABASE_URL is set.
      const startedAt = new Date();
      /** @param {{ ok: boolean, file?: string, bytes?: number, sha256?: string, detail?: string }} run */
      const record = async (run) => {
        const result = await recordBackupRun(process.env.BACKUP_DATABASE_URL, {
          startedAt,
          source: 'kubernetes',
          ...run,
        });
        if (!result.recorded && process.env.BACKUP_DATABASE_URL)
          log('warn', `could not record this run in backup_runs: ${result.reason}`);
      };
      let manifest;
      try {
        manifest = await push(s3Config(), values.file, { keep });
      } catch (error) {
        await record({ ok: false, detail: (error instanceof Error ? error.message : String(error)).slice(0, 500) });
        throw error;
      }
      await record({ ok: true, file: manifest.object, bytes: manifest.bytes, sha256: manifest.sha256 });
      break;
    }
    case 'fetch':
      if (!values.out) throw new Usage('fetch needs --out FILE');
      await fetchBackup(s3Config(), values.key, values.out);
      break;
    case 'list':
      for (const name of await listBackups(s3Config())) console.log(name);
      break;
    case 'decrypt':
      if (!values.in || !values.out) throw new Usage('decrypt needs --in FILE.enc --out FILE');
      await pipeline(
        createReadStream(values.in),
        decryptStream(passphrase()),
        createWriteStream(values.out, { mode: 0o600 }),
      );
      break;
    default:
      throw new Usage('usage: backup-s3.mjs push|fetch|list|decrypt … (see the header)');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    log('error', error.message, { exitCode: error instanceof Usage ? 2 : 1 });
    process.exit(error instanceof Usage ? 2 : 1);
  });
}
