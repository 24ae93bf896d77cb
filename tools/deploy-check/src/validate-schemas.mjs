// Validates Kubernetes objects offline against their OpenAPI schemas: the core API through the
// validators kubernetes-models compiles from Kubernetes' OpenAPI document, KEDA and prometheus-operator
// through their @kubernetes-models packages (compiled from the CRDs), Strimzi's KafkaTopic through the
// JSON Schema beside this tool. An object of a kind without a schema is a problem: nothing passes unchecked.
// ESM because those packages are ESM-only; reads a JSON array on stdin, prints a JSON array of problems.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';

const PACKAGES = {
  '': 'kubernetes-models',
  apps: 'kubernetes-models',
  batch: 'kubernetes-models',
  policy: 'kubernetes-models',
  autoscaling: 'kubernetes-models',
  'networking.k8s.io': 'kubernetes-models',
  'keda.sh': '@kubernetes-models/keda',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

const ajv = new Ajv({ allErrors: true, strict: false });
const kafkaTopic = ajv.compile(JSON.parse(readFileSync(new URL('../schemas/strimzi-kafkatopic-v1beta2.schema.json', import.meta.url), 'utf8')));

async function validatorFor(apiVersion, kind) {
  if (apiVersion === 'kafka.strimzi.io/v1beta2' && kind === 'KafkaTopic') {
    return (object) => (kafkaTopic(object) ? [] : kafkaTopic.errors.map((e) => `${e.instancePath || '/'} ${e.message}`));
  }
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const pkg = PACKAGES[group];
  if (!pkg) return undefined;
  let module;
  try {
    module = await import(`${pkg}/${group ? `${group}/` : ''}${version}`);
  } catch {
    return undefined;
  }
  const Model = module[kind];
  if (typeof Model !== 'function') return undefined;
  return (object) => {
    try {
      new Model(object).validate();
      return [];
    } catch (error) {
      return String(error.message).split(', ');
    }
  };
}

const objects = JSON.parse(readFileSync(0, 'utf8'));
const problems = [];
for (const object of objects) {
  const name = `${object?.kind}/${object?.metadata?.name}`;
  if (typeof object?.apiVersion !== 'string' || typeof object?.kind !== 'string') {
    problems.push(`${name}: has no apiVersion and kind`);
    continue;
  }
  const validate = await validatorFor(object.apiVersion, object.kind);
  if (!validate) {
    problems.push(`${name}: no schema for ${object.apiVersion} ${object.kind}`);
    continue;
  }
  for (const message of validate(object)) problems.push(`${name}: ${message}`);
}
process.stdout.write(JSON.stringify(problems));
