/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML, JSON and HCL documents of arbitrary shape */
// values.yaml, values-prod.yaml and the Argo CD value files against values.schema.json (ajv,
// draft-07, as the schema declares and as Helm 3 evaluates it).
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readJson, readYaml } from './support';

const schema = readJson('helm/tika/values.schema.json');
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

type Values = Record<string, any>;

/** Helm's coalescing: maps merge deeply, lists and scalars replace, null deletes the key. */
function helmMerge(base: Values, override: Values): Values {
  const out: Values = structuredClone(base);
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete out[key];
    else if (isMap(value) && isMap(out[key])) out[key] = helmMerge(out[key], value);
    else out[key] = structuredClone(value);
  }
  return out;
}
const isMap = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

function errorsOf(values: Values): string[] {
  return validate(values) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const defaults: Values = readYaml('helm/tika/values.yaml');

describe('values.schema.json', () => {
  it('declares draft-07, which Helm 3 evaluates', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('accepts values.yaml', () => {
    expect(errorsOf(defaults)).toEqual([]);
  });

  it('accepts values.yaml + values-prod.yaml as Helm merges them', () => {
    expect(errorsOf(helmMerge(defaults, readYaml('helm/tika/values-prod.yaml')))).toEqual([]);
  });

  it('accepts the Argo CD value files for staging and production', () => {
    const prod = helmMerge(defaults, readYaml('helm/tika/values-prod.yaml'));
    expect(errorsOf(helmMerge(prod, readYaml('deploy/argocd/values/production.yaml')))).toEqual([]);
    expect(errorsOf(helmMerge(defaults, readYaml('deploy/argocd/values/staging.yaml')))).toEqual([]);
  });

  const bad: [string, (v: Values) => void, RegExp][] = [
    ['the latest tag', (v) => (v.image.tag = 'latest'), /\/image\/tag/],
    ['a root container', (v) => (v.securityContext.runAsNonRoot = false), /\/securityContext\/runAsNonRoot/],
    ['a writable root fs', (v) => (v.securityContext.readOnlyRootFilesystem = false), /readOnlyRootFilesystem/],
    ['privilege escalation', (v) => (v.securityContext.allowPrivilegeEscalation = true), /allowPrivilegeEscalation/],
    ['capabilities kept', (v) => (v.securityContext.capabilities.drop = ['NET_RAW']), /capabilities\/drop/],
    ['an unknown driver', (v) => (v.config.databaseDriver = 'mysql'), /\/config\/databaseDriver/],
    ['an unknown top-level key', (v) => (v.replicas = 3), /must NOT have additional properties/],
    [
      'an egress target open to anywhere',
      (v) => (v.networkPolicy.egress.redis.to = []),
      /\/networkPolicy\/egress\/redis\/to/,
    ],
    ['a probe on another path', (v) => (v.probes.liveness.path = '/'), /\/probes\/liveness\/path/],
    [
      'an ingress without TLS',
      (v) => {
        v.ingress.enabled = true;
        v.ingress.tls = [];
      },
      /\/ingress\/tls/,
    ],
    ['keeping zero backups', (v) => (v.backup.keep = 0), /\/backup\/keep/],
    ['a backup endpoint that is not a URL', (v) => (v.backup.s3.endpoint = 'minio:9000'), /\/backup\/s3\/endpoint/],
    ['a string replica count', (v) => (v.replicaCount = 'two'), /\/replicaCount/],
  ];

  it.each(bad)('rejects %s', (_name, mutate, expected) => {
    const v = structuredClone(defaults);
    mutate(v);
    const errors = errorsOf(v);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(expected);
  });
});
