/* eslint-disable @typescript-eslint/no-explicit-any -- parsed compose documents */
// The compose stack and the Dockerfile against the conventions of the official images an operator on the internet
// pulls (node, postgres, caddy) — this machine builds and runs on stand-ins, so the conventions are written down
// here, each from the image's documentation, and checked against what the files use.
import { describe, expect, it } from 'vitest';
import { packageJson, read, readYaml } from './support';

const compose = readYaml('docker-compose.production.yml');
const dockerfile = read('Dockerfile');
const services = compose.services as Record<string, any>;
const version = packageJson().version;

// What the official images define (Docker Hub "official images" documentation for each).
const OFFICIAL = {
  postgres: {
    image: /^postgres:15-bookworm$/,
    data: '/var/lib/postgresql/data', // PGDATA of postgres:15 (18 moved it; 15 is pinned)
    initdb: '/docker-entrypoint-initdb.d',
    env: ['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB', 'POSTGRES_INITDB_ARGS'],
    tools: ['pg_isready', 'psql', 'pg_dump', 'pg_restore'], // in PATH of the official image
  },
  caddy: {
    image: /^caddy:2-alpine$/,
    config: '/etc/caddy/Caddyfile',
    volumes: ['/data', '/config'], // XDG_DATA_HOME and XDG_CONFIG_HOME of the official image
    tools: ['wget'], // busybox in the alpine variant; there is no curl
  },
  node: { image: /^node:24-bookworm-slim$/, binary: '/usr/local/bin/node' },
};

const defaultOf = (image: string) => /^\$\{[A-Z_]+:-([^}]+)\}$/.exec(image)?.[1];

describe('docker-compose.production.yml and the official images', () => {
  it('names the released Tika image, at this version, with a build fallback that gets the proxy CA as a secret', () => {
    expect(defaultOf(services.app.image)).toBe(`ghcr.io/tika-org/tika:${version}`);
    expect(defaultOf(services.migrate.image)).toBe(`ghcr.io/tika-org/tika:${version}`);
    expect(read('.env.selfhost.example')).toContain(`TIKA_IMAGE=ghcr.io/tika-org/tika:${version}`);
    expect(services.app.build.secrets).toEqual(['ca_bundle']);
    expect(compose.secrets.ca_bundle.file).toBe('${TIKA_CA_BUNDLE:-/dev/null}');
    expect(dockerfile).toMatch(/--mount=type=secret,id=ca_bundle,required=false/);
  });

  it('postgres: the official image’s data directory, init directory, variables and tools', () => {
    const pg = services.postgres;
    expect(defaultOf(pg.image)).toMatch(OFFICIAL.postgres.image);
    expect(pg.volumes).toContain(`pgdata:${OFFICIAL.postgres.data}`);
    expect(pg.volumes.some((v: string) => v.endsWith(`:${OFFICIAL.postgres.initdb}:ro`))).toBe(true);
    for (const name of OFFICIAL.postgres.env) expect(Object.keys(pg.environment)).toContain(name);
    expect(pg.healthcheck.test.join(' ')).toMatch(/pg_isready/);
    for (const script of ['scripts/backup.sh', 'scripts/restore.sh'])
      for (const tool of ['pg_dump', 'pg_restore', 'psql'].filter((t) => read(script).includes(t)))
        expect(OFFICIAL.postgres.tools).toContain(tool);
  });

  it('caddy: the official image’s Caddyfile path and volumes; its healthcheck uses a tool the image has', () => {
    const caddy = services.caddy;
    expect(defaultOf(caddy.image)).toMatch(OFFICIAL.caddy.image);
    expect(caddy.volumes).toContain(`./Caddyfile:${OFFICIAL.caddy.config}:ro`);
    for (const dir of OFFICIAL.caddy.volumes)
      expect(caddy.volumes.some((v: string) => v.endsWith(`:${dir}`))).toBe(true);
    expect(OFFICIAL.caddy.tools).toContain(caddy.healthcheck.test[1]);
    expect(read('Caddyfile')).toMatch(/http:\/\/127\.0\.0\.1:2020 \{[\s\S]*respond \/healthz/);
  });

  it('caddy listens on the published port numbers, so its HTTP → HTTPS redirect names them', () => {
    expect(services.caddy.ports).toEqual([
      '${TIKA_BIND_ADDRESS:-127.0.0.1}:${HTTP_PORT:-80}:${HTTP_PORT:-80}',
      '${TIKA_BIND_ADDRESS:-127.0.0.1}:${HTTPS_PORT:-443}:${HTTPS_PORT:-443}',
    ]);
    expect(services.caddy.environment).toMatchObject({
      HTTP_PORT: '${HTTP_PORT:-80}',
      HTTPS_PORT: '${HTTPS_PORT:-443}',
    });
    expect(read('Caddyfile')).toMatch(/^\{\$DOMAIN:localhost\}:\{\$HTTPS_PORT:443\} \{/m);
    expect(read('Caddyfile')).not.toMatch(/^\s*https_port/m); // Caddy leaves its own https_port out of redirects
  });

  it('node: the runtime takes the binary from the official image’s path, and runs without a shell', () => {
    expect(/^ARG NODE_IMAGE=(.+)$/m.exec(dockerfile)?.[1]).toMatch(OFFICIAL.node.image);
    expect(read('scripts/docker/rootfs.sh')).toMatch(/node=\$\(command -v node\)/);
    expect(dockerfile).toMatch(/^FROM \$\{RUNTIME_BASE\} AS runtime$/m);
    expect(dockerfile).toMatch(/^ARG RUNTIME_BASE=scratch$/m);
    expect(dockerfile).toMatch(/^ENV PATH=\/usr\/local\/bin/m);
    // Exec form only: no /bin/sh -c anywhere the runtime runs something.
    expect(dockerfile).toMatch(/^HEALTHCHECK .* CMD \["node", "scripts\/healthcheck\.mjs"\]$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "scripts\/docker-start\.mjs"\]$/m);
    expect(services.app.healthcheck.test).toEqual(['CMD', 'node', 'scripts/healthcheck.mjs']);
    expect(services.migrate.command[0]).toBe('node');
  });

  it('the documented `docker compose` commands work without -f: COMPOSE_FILE is in the example', () => {
    expect(read('.env.selfhost.example')).toMatch(/^COMPOSE_FILE=docker-compose\.production\.yml$/m);
  });
});
