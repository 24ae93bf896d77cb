import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/**
 * A small kustomize, for machines without kubectl: exactly the features Kontor's kustomizations use,
 * with kustomize's semantics, and a loud error for anything else (so a new feature cannot render
 * silently wrong). A test compares its output with `kubectl kustomize` for every overlay wherever
 * kubectl exists, and with a committed kubectl rendering of a sample that uses every supported feature.
 *
 * Supported: resources (files and directories), namespace, labels (pairs, includeSelectors: false,
 * includeTemplates), configMapGenerator (envs, files, literals, options.labels,
 * options.disableNameSuffixHash, behavior create|merge), generatorOptions.disableNameSuffixHash, images
 * (newTag, newName), replicas, patches (JSON 6902 with a target of kind and/or name).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };
interface Resource {
  object: Obj;
  /** Generated ConfigMaps get the content hash appended at the very end, under their original name until then. */
  hashName?: boolean;
}

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'labels', 'configMapGenerator', 'generatorOptions', 'images', 'replicas', 'patches']);
// Where kustomize's labels transformer puts template labels (includeTemplates): pod templates of these kinds.
const TEMPLATE_KINDS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'APIService', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const fail = (dir: string, message: string): never => {
  throw new Error(`builtin kustomize (${dir}): ${message}`);
};
const metadata = (o: Obj): Obj => (isObj(o.metadata) ? o.metadata : (o.metadata = {}));

function parseEnvLines(text: string): [string, string][] {
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return at < 0 ? [line.trim(), ''] : [line.slice(0, at).trim(), line.slice(at + 1)];
    });
}

/** kustomize's ConfigMap hash: sha256 of Go's JSON of {data, kind, name: ""}, first 10 hex digits, some letters swapped. */
export function configMapHash(data: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  // Go's encoder escapes <, > and & (and U+2028/9); JSON.stringify does not.
  const json = JSON.stringify({ data: sorted, kind: 'ConfigMap', name: '' }).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const hex = createHash('sha256').update(json).digest('hex').slice(0, 10);
  return hex.replace(/[013ae]/g, (c) => ({ '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' })[c] as string);
}

function podSpecs(o: Obj): Obj[] {
  const spec = isObj(o.spec) ? o.spec : {};
  const template = isObj(spec.template) && isObj(spec.template.spec) ? [spec.template.spec] : [];
  const jobTemplate = isObj(spec.jobTemplate) && isObj(spec.jobTemplate.spec) && isObj(spec.jobTemplate.spec.template) && isObj(spec.jobTemplate.spec.template.spec) ? [spec.jobTemplate.spec.template.spec] : [];
  return [...template, ...jobTemplate, ...(o.kind === 'Pod' && isObj(o.spec) ? [o.spec] : [])];
}

function containersOf(pod: Obj): Obj[] {
  return [...(Array.isArray(pod.containers) ? pod.containers : []), ...(Array.isArray(pod.initContainers) ? pod.initContainers : [])].filter(isObj);
}

/** Renames references to ConfigMaps in pod specs (envFrom, env valueFrom, volumes, projected volumes). */
function renameConfigMapRefs(o: Obj, from: string, to: string): void {
  const rename = (holder: unknown) => {
    if (isObj(holder) && holder.name === from) holder.name = to;
  };
  for (const pod of podSpecs(o)) {
    for (const container of containersOf(pod)) {
      for (const source of Array.isArray(container.envFrom) ? container.envFrom : []) if (isObj(source)) rename(source.configMapRef);
      for (const variable of Array.isArray(container.env) ? container.env : []) if (isObj(variable) && isObj(variable.valueFrom)) rename(variable.valueFrom.configMapKeyRef);
    }
    for (const volume of Array.isArray(pod.volumes) ? pod.volumes : []) {
      if (!isObj(volume)) continue;
      rename(volume.configMap);
      if (isObj(volume.projected) && Array.isArray(volume.projected.sources)) for (const source of volume.projected.sources) if (isObj(source)) rename(source.configMap);
    }
  }
}

function pointer(path: string): string[] {
  if (!path.startsWith('/')) throw new Error(`JSON pointer ${path} must start with /`);
  return path
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** RFC 6902 add, replace, remove and test (what the overlays use); other ops are refused. */
export function applyJsonPatch(target: Obj, operations: unknown): void {
  if (!Array.isArray(operations)) throw new Error('a JSON 6902 patch must be a list of operations');
  for (const operation of operations) {
    if (!isObj(operation) || typeof operation.op !== 'string' || typeof operation.path !== 'string') throw new Error(`malformed patch operation ${JSON.stringify(operation)}`);
    const parts = pointer(operation.path);
    const last = parts.pop() as string;
    let parent: Json = target;
    for (const part of parts) {
      const next: Json | undefined = Array.isArray(parent) ? parent[Number(part)] : isObj(parent) ? parent[part] : undefined;
      if (next === undefined || next === null || typeof next !== 'object') throw new Error(`patch path ${operation.path}: ${part} does not exist`);
      parent = next;
    }
    const value = structuredClone(operation.value as Json);
    if (operation.op === 'test') {
      // Guards an index-based patch: the element at that index must still be the one meant.
      const actual: Json | undefined = Array.isArray(parent) ? parent[Number(last)] : isObj(parent) ? parent[last] : undefined;
      if (JSON.stringify(actual) !== JSON.stringify(value)) throw new Error(`patch test ${operation.path} failed: ${JSON.stringify(actual)} is not ${JSON.stringify(value)}`);
      continue;
    }
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (!Number.isInteger(index) || index < 0 || index > parent.length) throw new Error(`patch path ${operation.path}: bad index`);
      if (operation.op === 'add') parent.splice(index, 0, value);
      else if (operation.op === 'replace' && index < parent.length) parent[index] = value;
      else if (operation.op === 'remove' && index < parent.length) parent.splice(index, 1);
      else throw new Error(`patch ${operation.op} ${operation.path} cannot be applied`);
    } else if (isObj(parent)) {
      if (operation.op === 'add') parent[last] = value;
      else if (operation.op === 'replace' && last in parent) parent[last] = value;
      else if (operation.op === 'remove' && last in parent) delete parent[last];
      else throw new Error(`patch ${operation.op} ${operation.path}: ${last} does not exist`);
    } else throw new Error(`patch path ${operation.path} does not exist`);
  }
}

function loadKustomization(dir: string): Obj {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((name) => join(dir, name)).find((path) => existsSync(path));
  if (!file) return fail(dir, 'no kustomization.yaml');
  const kustomization = parse(readFileSync(file, 'utf8')) as unknown;
  if (!isObj(kustomization)) return fail(dir, 'kustomization.yaml is not a mapping');
  const unsupported = Object.keys(kustomization).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0) fail(dir, `unsupported fields: ${unsupported.join(', ')} (use kubectl kustomize, or extend this renderer)`);
  return kustomization;
}

function build(dir: string): Resource[] {
  const k = loadKustomization(dir);
  const resources: Resource[] = [];

  for (const entry of (k.resources as Json[] | undefined) ?? []) {
    if (typeof entry !== 'string') fail(dir, `resource ${JSON.stringify(entry)} is not a path`);
    const path = resolve(dir, entry as string);
    if (statSync(path).isDirectory()) resources.push(...build(path));
    else {
      for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
        if (doc.errors.length > 0) fail(dir, `${entry}: ${doc.errors.map((e) => e.message).join('; ')}`);
        const object = doc.toJS() as unknown;
        if (isObj(object)) resources.push({ object });
      }
    }
  }

  const generatorOptions = isObj(k.generatorOptions) ? k.generatorOptions : {};
  for (const generator of (k.configMapGenerator as Json[] | undefined) ?? []) {
    if (!isObj(generator) || typeof generator.name !== 'string') return fail(dir, 'a configMapGenerator needs a name');
    const unknown = Object.keys(generator).filter((key) => !['name', 'envs', 'files', 'literals', 'options', 'behavior'].includes(key));
    if (unknown.length > 0) fail(dir, `configMapGenerator ${generator.name}: unsupported fields ${unknown.join(', ')}`);
    const data: Record<string, string> = {};
    for (const env of (generator.envs as string[] | undefined) ?? []) for (const [key, value] of parseEnvLines(readFileSync(resolve(dir, env), 'utf8'))) data[key] = value;
    for (const file of (generator.files as string[] | undefined) ?? []) {
      const [key, path] = file.includes('=') ? file.split('=', 2) : [basename(file), file];
      data[key] = readFileSync(resolve(dir, path), 'utf8');
    }
    for (const [key, value] of ((generator.literals as string[] | undefined) ?? []).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])) data[key] = value;
    const options = isObj(generator.options) ? generator.options : {};
    const labels = isObj(options.labels) ? options.labels : {};
    const behavior = generator.behavior ?? 'create';
    if (behavior === 'merge' || behavior === 'replace') {
      const existing = resources.find((r) => r.object.kind === 'ConfigMap' && metadata(r.object).name === generator.name);
      if (!existing) return fail(dir, `configMapGenerator ${generator.name}: nothing to ${behavior}`);
      existing.object.data = behavior === 'merge' ? { ...(isObj(existing.object.data) ? existing.object.data : {}), ...data } : data;
      const meta = metadata(existing.object);
      if (Object.keys(labels).length > 0) meta.labels = { ...(isObj(meta.labels) ? meta.labels : {}), ...labels };
    } else if (behavior === 'create') {
      const meta: Obj = { name: generator.name };
      if (Object.keys(labels).length > 0) meta.labels = { ...labels };
      const hashName = !(options.disableNameSuffixHash === true || generatorOptions.disableNameSuffixHash === true);
      resources.push({ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data }, hashName });
    } else fail(dir, `configMapGenerator ${generator.name}: behavior ${String(behavior)}`);
  }

  for (const patch of (k.patches as Json[] | undefined) ?? []) {
    if (!isObj(patch) || typeof patch.patch !== 'string' || !isObj(patch.target)) return fail(dir, 'only inline JSON 6902 patches with a target are supported');
    const target = patch.target;
    const unknown = Object.keys(target).filter((key) => !['kind', 'name'].includes(key));
    if (unknown.length > 0) fail(dir, `patch target fields ${unknown.join(', ')} are not supported`);
    const operations = parse(patch.patch) as unknown;
    if (!Array.isArray(operations)) fail(dir, 'strategic-merge patches are not supported; write the patch as JSON 6902 operations');
    // kustomize matches target names as anchored regular expressions.
    const matches = resources.filter((r) => (target.kind === undefined || r.object.kind === target.kind) && (target.name === undefined || new RegExp(`^(?:${String(target.name)})$`).test(String(metadata(r.object).name))));
    if (matches.length === 0) fail(dir, `patch target ${JSON.stringify(target)} matches nothing`);
    for (const match of matches) {
      try {
        applyJsonPatch(match.object, operations);
      } catch (error) {
        fail(dir, `patch on ${String(match.object.kind)}/${String(metadata(match.object).name)}: ${(error as Error).message}`);
      }
    }
  }

  if (typeof k.namespace === 'string') for (const r of resources) if (!CLUSTER_SCOPED.has(String(r.object.kind))) metadata(r.object).namespace = k.namespace;

  for (const label of (k.labels as Json[] | undefined) ?? []) {
    if (!isObj(label) || !isObj(label.pairs)) return fail(dir, 'labels entries need pairs');
    if (label.includeSelectors === true) fail(dir, 'labels with includeSelectors: true are not supported');
    for (const r of resources) {
      const meta = metadata(r.object);
      meta.labels = { ...(isObj(meta.labels) ? meta.labels : {}), ...label.pairs };
      const spec = isObj(r.object.spec) ? r.object.spec : undefined;
      if (label.includeTemplates === true && TEMPLATE_KINDS.has(String(r.object.kind)) && spec && isObj(spec.template)) {
        const templateMeta = isObj(spec.template.metadata) ? spec.template.metadata : (spec.template.metadata = {});
        templateMeta.labels = { ...(isObj(templateMeta.labels) ? templateMeta.labels : {}), ...label.pairs };
      }
    }
  }

  for (const image of (k.images as Json[] | undefined) ?? []) {
    if (!isObj(image) || typeof image.name !== 'string') return fail(dir, 'images entries need a name');
    for (const r of resources) {
      for (const container of podSpecs(r.object).flatMap(containersOf)) {
        if (typeof container.image !== 'string') continue;
        const [, repository, tag] = /^(.*?)(?::([\w][\w.-]*))?(?:@sha256:[a-f0-9]{64})?$/.exec(container.image) ?? [];
        if (repository !== image.name) continue;
        container.image = `${typeof image.newName === 'string' ? image.newName : repository}${typeof image.newTag === 'string' ? `:${image.newTag}` : tag ? `:${tag}` : ''}`;
      }
    }
  }

  for (const replica of (k.replicas as Json[] | undefined) ?? []) {
    if (!isObj(replica)) continue;
    for (const r of resources) if (metadata(r.object).name === replica.name && ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(String(r.object.kind)) && isObj(r.object.spec)) r.object.spec.replicas = replica.count as number;
  }
  return resources;
}

/** Renders `dir` like `kubectl kustomize dir` (for the supported features), as plain objects. */
export function renderBuiltinKustomization(dir: string): Obj[] {
  const resources = build(resolve(dir));
  for (const r of resources.filter((res) => res.hashName)) {
    const meta = metadata(r.object);
    const from = String(meta.name);
    const to = `${from}-${configMapHash((isObj(r.object.data) ? r.object.data : {}) as Record<string, string>)}`;
    meta.name = to;
    for (const other of resources) if (other.object.kind !== 'ConfigMap') renameConfigMapRefs(other.object, from, to);
  }
  return resources.map((r) => r.object);
}
