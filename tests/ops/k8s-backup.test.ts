/* eslint-disable @typescript-eslint/no-explicit-any -- rendered Kubernetes objects */
// Kubernetes backups end to end, without a cluster: the chart's backup CronJob and restore Job are rendered with
// helm, and each of their containers' commands is run here as the kubelet would run it — the command and args as
// rendered, the env as rendered (secretKeyRef resolved from the Secret we would have created), each volumeMount a
// directory shared by the pod's containers, the Tika image's containers from this checkout (its WORKDIR), the
// postgres image's with this machine's PostgreSQL 15 client. Against a real PostgreSQL with data written through the
// app, and a real S3-protocol server (s3rver). Then: wipe the data, run the restore Job, compare every row.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, call, signUp } from '../support/http-client';
import { pgEnv, root, startApp, startPostgres, tempDir, waitFor, type App, type Postgres } from '../support/procs';
import { find, renderChart } from '../delivery/support';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const PASSPHRASE = 'k8s-backup-test-passphrase';
let pg: Postgres;
let app: App;
let s3: { port: number; dir: string; close: () => Promise<void> };

/** s3rver in a child process: the containers run synchronously here, and would block an in-process server. */
async function startS3(): Promise<typeof s3> {
  const dir = tempDir('s3');
  const script = `
    const { default: S3rver } = await import('s3rver');
    const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: process.argv[1],
      configureBuckets: [{ name: 'tika-backups' }] });
    const { port } = await server.run();
    console.log(port);
    process.on('SIGTERM', () => server.close().then(() => process.exit(0)));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, dir], { cwd: root, stdio: 'pipe' });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    port,
    dir,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Table counts and an md5 of every table's rows in a stable order, as the superuser (no RLS filtering). */
function fingerprint(): string {
  const sql = `select string_agg(t || '=' || n, ' ' order by t) from (
      select 'users' t, count(*) n from users union all select 'workspaces', count(*) from workspaces
      union all select 'boards', count(*) from boards union all select 'tickets', count(*) from tickets
      union all select 'audit_logs', count(*) from audit_logs union all select 'api_tokens', count(*) from api_tokens) c;
    select md5(coalesce(string_agg(t::text, E'\\n' order by t.id), '')) from tickets t;
    select md5(coalesce(string_agg(a::text, E'\\n' order by a.seq), '')) from audit_logs a;`;
  const run = spawnSync(`${PG_BIN}/psql`, ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', pg.superUrl, '-c', sql], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.trim();
}

/** Runs one rendered container here: its command, its env (secrets resolved), its mounts mapped to directories. */
function runContainer(container: any, secrets: Record<string, string>, mounts: Record<string, string>) {
  const env: Record<string, string> = { PATH: `${PG_BIN}:${process.env.PATH}`, HOME: process.env.HOME ?? '/tmp' };
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = String(e.value);
    else if (e.valueFrom?.secretKeyRef) {
      const value = secrets[`${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`];
      if (value === undefined)
        throw new Error(`no secret ${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`);
      env[e.name] = value;
    }
  }
  // One pass, so a directory substituted for one mount is not rewritten as another mount.
  const mountPattern = new RegExp(`(${Object.keys(mounts).join('|')})/`, 'g');
  const mapPaths = (arg: string) => arg.replace(mountPattern, (_, mountPath: string) => `${mounts[mountPath]}/`);
  const [command, ...args] = [...(container.command ?? []), ...(container.args ?? [])].map(mapPaths);
  // The Tika image's WORKDIR is /app, where scripts/ sits: here, the checkout. /bin/sh is this machine's.
  const run = spawnSync(command === '/bin/sh' ? 'sh' : command!, args, {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
  });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

function podOf(objects: any[], kind: string) {
  const object = find(objects, kind);
  return kind === 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec;
}

function values(port: number): string[] {
  return [
    'backup.enabled=true',
    'backup.s3.bucket=tika-backups',
    `backup.s3.endpoint=http://127.0.0.1:${port}`,
    'backup.s3.region=us-east-1',
    'backup.keep=2',
  ];
}

beforeAll(async () => {
  s3 = await startS3();
  pg = await startPostgres({ prefix: 'k8sbackup' });
  app = await startApp({ ...pgEnv(pg), NODE_ENV: 'production', LOG_LEVEL: 'warn' });
  // Data written the way users write it: accounts, boards, tickets, a token — and their audit rows.
  for (let u = 0; u < 2; u++) {
    const session = await signUp(app.url);
    await createToken(app.url, session);
    const board = await call(app.url, 'POST', '/api/v1/boards', {
      cookie: session.cookie,
      body: { name: `Board ${u}`, columns: ['To do', 'Done'] },
    });
    expect(board.status).toBe(201);
    for (let i = 0; i < 15; i++) {
      const ticket = await call(app.url, 'POST', '/api/v1/tickets', {
        cookie: session.cookie,
        body: { columnId: board.body.columns[i % 2].id, title: `Ticket ${u}-${i}`, labels: ['k8s'] },
      });
      expect(ticket.status).toBe(201);
    }
  }
  await app.stop();
}, 240_000);

afterAll(async () => {
  await app?.stop();
  pg?.stop();
  await s3?.close();
});

describe('Kubernetes backups: the chart’s CronJob and restore Job, run against PostgreSQL and S3', () => {
  it('backs up encrypted to S3, keeps the newest N, restores every row after a disaster', async () => {
    const secrets = {
      'tika-migrate/BACKUP_DATABASE_URL': pg.superUrl, // a BYPASSRLS role: the tables force row-level security
      'tika-backup-s3/AWS_ACCESS_KEY_ID': 'S3RVER',
      'tika-backup-s3/AWS_SECRET_ACCESS_KEY': 'S3RVER',
      'tika-backup-s3/BACKUP_PASSPHRASE': PASSPHRASE,
    };
    const before = fingerprint();
    expect(before).toMatch(/tickets=30/);

    // Three runs of the CronJob's pod (keep=2: the first is pruned by the third).
    const cronPod = podOf(renderChart([], values(s3.port)), 'CronJob');
    expect(cronPod.initContainers.map((c: any) => c.name)).toEqual(['pg-dump']);
    expect(cronPod.containers.map((c: any) => c.name)).toEqual(['encrypt-and-ship']);
    expect(cronPod.volumes.find((v: any) => v.name === 'work').emptyDir).toBeDefined(); // no PVC: nothing kept in-cluster
    for (let run = 0; run < 3; run++) {
      const work = tempDir('k8sbackup-work');
      const mounts = { '/work': work, '/tmp': tempDir('k8sbackup-tmp') };
      for (const container of [...cronPod.initContainers, ...cronPod.containers]) {
        const result = runContainer(container, secrets, mounts);
        expect(result.status, `${container.name}: ${result.out}`).toBe(0);
      }
      expect(readdirSync(work), 'the plaintext dump is removed after the upload').toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 1100)); // backups are named by the second
    }

    // In the bucket: two complete backups, each an encrypted dump and its manifest; nothing readable.
    const prefix = path.join(s3.dir, 'tika-backups', 'tika');
    const objects = readdirSync(prefix).filter((f) => f.endsWith('._S3rver_object'));
    expect(objects.filter((f) => f.includes('.dump.enc'))).toHaveLength(2);
    expect(objects.filter((f) => f.includes('.json'))).toHaveLength(2);
    const dumpObject = objects.find((f) => f.includes('.dump.enc'))!;
    const encrypted = readFileSync(path.join(prefix, dumpObject));
    expect(encrypted.subarray(0, 8).toString()).toBe('Salted__');
    expect(encrypted.includes(Buffer.from('PGDMP'))).toBe(false);
    expect(encrypted.includes(Buffer.from('Ticket 0-1'))).toBe(false);
    // openssl alone decrypts it (the documented way to read a backup off-cluster).
    const plain = spawnSync(
      'openssl',
      ['enc', '-d', '-aes-256-cbc', '-pbkdf2', '-iter', '200000', '-md', 'sha256', '-pass', `pass:${PASSPHRASE}`],
      { input: encrypted },
    );
    expect(plain.status).toBe(0);
    expect(plain.stdout.subarray(0, 5).toString()).toBe('PGDMP');

    // Every run recorded itself in backup_runs (Tika's backup_last_* metrics and alerts, tika doctor): the object it
    // uploaded and that object's SHA-256, as the manifest has it.
    const recorded = spawnSync(
      `${PG_BIN}/psql`,
      ['-X', '-q', '-t', '-A', pg.superUrl, '-c', 'select ok, source, file, sha256 from backup_runs order by id'],
      { encoding: 'utf8' },
    );
    const runs = recorded.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('|'));
    expect(runs, recorded.stderr).toHaveLength(3);
    for (const [ok, source, file, sha] of runs) {
      expect({ ok, source }).toEqual({ ok: 't', source: 'kubernetes' });
      expect(file).toMatch(/\.dump\.enc$/);
      expect(sha).toMatch(/^[0-9a-f]{64}$/);
    }

    // Disaster: every ticket is gone (the audit log is append-only: not even the superuser truncates it here).
    const wipe = spawnSync(`${PG_BIN}/psql`, ['-X', '-q', pg.superUrl, '-c', 'truncate tickets cascade'], {
      encoding: 'utf8',
    });
    expect(wipe.status, wipe.stderr).toBe(0);
    expect(fingerprint()).not.toBe(before);

    // A restore Job with the wrong passphrase fails before touching the database.
    const restorePod = podOf(renderChart([], [...values(s3.port), 'backup.restore.enabled=true']), 'Job');
    expect(restorePod.initContainers.map((c: any) => c.name)).toEqual(['fetch']);
    expect(restorePod.containers.map((c: any) => c.name)).toEqual(['pg-restore']);
    const wrongWork = tempDir('k8srestore-wrong');
    const wrong = runContainer(
      restorePod.initContainers[0],
      { ...secrets, 'tika-backup-s3/BACKUP_PASSPHRASE': 'not the passphrase' },
      { '/work': wrongWork, '/tmp': tempDir('k8srestore-tmp') },
    );
    expect(wrong.status).not.toBe(0);
    expect(wrong.out).toMatch(/decryption failed/);

    // The restore Job as rendered: fetch (checksum, decrypt), then pg_restore in one transaction.
    const work = tempDir('k8srestore-work');
    mkdirSync(work, { recursive: true });
    for (const container of [...restorePod.initContainers, ...restorePod.containers]) {
      const result = runContainer(container, secrets, { '/work': work, '/tmp': tempDir('k8srestore-tmp') });
      expect(result.status, `${container.name}: ${result.out}`).toBe(0);
    }
    expect(fingerprint()).toBe(before);

    // The app serves the restored data.
    app = await startApp({ ...pgEnv(pg), NODE_ENV: 'production', LOG_LEVEL: 'warn' });
    let readiness = '';
    await waitFor(
      'readiness after the restore',
      async () => {
        const response = await fetch(`${app.url}/api/health/ready`);
        readiness = `${response.status} ${await response.text()}`;
        return response.ok;
      },
      60_000,
      500,
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${readiness}`);
    });
    const boards = spawnSync(`${PG_BIN}/psql`, ['-X', '-t', '-A', pg.superUrl, '-c', 'select count(*) from tickets'], {
      encoding: 'utf8',
    });
    expect(boards.stdout.trim()).toBe('30');
  }, 300_000);
});
