import { DockerfileParser, type Copy, type Env, type From, type Instruction } from 'dockerfile-ast';
import { parse, parseAllDocuments } from 'yaml';

/**
 * Static checks of Kontor's deployment files: the Kubernetes manifests (as rendered by kustomize),
 * docker/compose.yaml and docker/Dockerfile. Every check is a pure function returning problems as
 * sentences naming the object at fault; an empty list means the input passes.
 */

export const KONTOR_APPS = ['bank-ingestion', 'transaction-normalizer', 'fraud-scoring', 'messenger-gateway'] as const;
export type KontorApp = (typeof KONTOR_APPS)[number];

export const APP_PORTS: Readonly<Record<KontorApp, number>> = {
  'bank-ingestion': 3001,
  'transaction-normalizer': 3002,
  'fraud-scoring': 3003,
  'messenger-gateway': 3004,
};

/**
 * Environment variables that carry secrets, per service; in Kubernetes each must come from a Secret
 * (secretKeyRef), never a ConfigMap or an inline value, and in compose from the env file. Hashes of
 * tokens count too: FRAUD_ANALYST_TOKEN_HASHES says which banks' analysts exist and is not for a ConfigMap.
 */
export const SECRET_ENV: Readonly<Record<KontorApp, readonly string[]>> = {
  'bank-ingestion': ['DATABASE_URL', 'KAFKA_SASL_PASSWORD', 'KONTOR_SECRETS_KEY', 'KONTOR_TOKENIZATION_KEY'],
  'transaction-normalizer': ['DATABASE_URL', 'KAFKA_SASL_PASSWORD'],
  'fraud-scoring': ['DATABASE_URL', 'KAFKA_SASL_PASSWORD', 'FRAUD_ANALYST_TOKEN_HASHES'],
  'messenger-gateway': [
    'DATABASE_URL',
    'KAFKA_SASL_PASSWORD',
    'MESSENGER_PAGE_ACCESS_TOKEN',
    'MESSENGER_APP_SECRET',
    'MESSENGER_VERIFY_TOKEN',
    'GATEWAY_BANK_KEYS',
    'KONTOR_TOKENIZATION_KEY',
  ],
};

const ALL_SECRET_ENV = new Set(Object.values(SECRET_ENV).flat());
/** Development-only settings that must never reach a cluster. */
const DEV_ONLY_ENV = ['INGESTION_DEV_SEED_BANKS'];

/**
 * Whether a variable holds a secret: one of SECRET_ENV, a development-only seed, or anything named like
 * one (…PASSWORD, …SECRET, …TOKEN, …TOKEN_HASHES, …_KEY, …_KEYS), so a new service secret is caught
 * even before SECRET_ENV lists it.
 */
export function isSecretName(name: string): boolean {
  return ALL_SECRET_ENV.has(name) || DEV_ONLY_ENV.includes(name) || /(PASSWORD|SECRET|TOKEN|TOKEN_HASHES)$|_KEYS?$/.test(name);
}

export const LIVE_PATH = '/health/live';
export const READY_PATH = '/health/ready';

// ---------------------------------------------------------------------------------------------
// Minimal shapes of what the checks read. Everything is optional: the input is untrusted YAML and
// a missing or mistyped field must become a reported problem, never an exception.

type Dict = Record<string, unknown>;

interface HttpProbe {
  httpGet?: { path?: unknown; port?: unknown };
}
interface SecurityContext {
  runAsNonRoot?: unknown;
  runAsUser?: unknown;
  readOnlyRootFilesystem?: unknown;
  allowPrivilegeEscalation?: unknown;
  privileged?: unknown;
  capabilities?: { drop?: unknown };
  seccompProfile?: { type?: unknown };
}
interface EnvVar {
  name?: unknown;
  value?: unknown;
  valueFrom?: { secretKeyRef?: { name?: unknown; key?: unknown }; configMapKeyRef?: unknown };
}
interface Container {
  name?: unknown;
  image?: unknown;
  command?: unknown[];
  args?: unknown[];
  ports?: { name?: unknown; containerPort?: unknown }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name?: unknown }; secretRef?: { name?: unknown } }[];
  resources?: { requests?: Dict; limits?: Dict };
  livenessProbe?: HttpProbe;
  readinessProbe?: HttpProbe;
  startupProbe?: HttpProbe;
  securityContext?: SecurityContext;
  volumeMounts?: { name?: unknown; mountPath?: unknown }[];
}
interface PodSpec {
  securityContext?: SecurityContext;
  containers?: Container[];
  initContainers?: Container[];
  volumes?: { name?: unknown; emptyDir?: unknown }[];
}
interface K8sObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; labels?: Dict };
  data?: unknown;
  stringData?: unknown;
  spec?: {
    type?: unknown;
    selector?: Dict & { matchLabels?: Dict };
    ports?: { port?: unknown; targetPort?: unknown }[];
    template?: { metadata?: { labels?: Dict }; spec?: PodSpec };
  };
}

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObjects(docs: readonly unknown[]): K8sObject[] {
  return docs.filter(isDict) as K8sObject[];
}

function nameOf(object: K8sObject): string {
  return `${String(object.kind)}/${String(object.metadata?.name ?? '<unnamed>')}`;
}

function list<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

function hasQuantity(section: Dict | undefined, resource: string): boolean {
  const value = section?.[resource];
  return (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && value > 0);
}

// ---------------------------------------------------------------------------------------------
// Kubernetes

/**
 * One Deployment on its own: probes, resources, security context, secret handling. ConfigMaps are
 * not needed here; see checkKubernetesManifests for what spans objects.
 */
export function checkDeployment(deployment: unknown, options: { probes?: boolean } = {}): string[] {
  if (!isDict(deployment)) return ['a Deployment must be an object'];
  const object = deployment as K8sObject;
  const where = nameOf(object);
  const problems: string[] = [];

  const labels = object.spec?.template?.metadata?.labels ?? {};
  if (typeof labels['app.kubernetes.io/name'] !== 'string') problems.push(`${where}: pod template lacks label app.kubernetes.io/name`);
  if (labels['app.kubernetes.io/part-of'] !== 'kontor') problems.push(`${where}: pod template lacks label app.kubernetes.io/part-of=kontor`);

  const pod = object.spec?.template?.spec;
  if (!pod) return [...problems, `${where}: has no pod template spec`];
  const containers = list(pod.containers);
  if (containers.length === 0) problems.push(`${where}: has no containers`);

  const emptyDirs = new Set(list(pod.volumes).filter((v) => isDict(v.emptyDir)).map((v) => v.name));
  for (const [container, isInit] of [...containers.map((c) => [c, false] as const), ...list(pod.initContainers).map((c) => [c, true] as const)]) {
    const at = `${where} container ${String(container.name)}`;
    problems.push(...checkResources(container, at));
    problems.push(...checkSecurity(pod.securityContext ?? {}, container.securityContext ?? {}, at));
    problems.push(...checkSecretEnv(container, at));
    // Init containers cannot have probes.
    if (!isInit && options.probes !== false) problems.push(...checkProbes(container, at));
    if (container.securityContext?.readOnlyRootFilesystem === true) {
      const tmp = list(container.volumeMounts).find((m) => m.mountPath === '/tmp');
      if (!tmp || !emptyDirs.has(tmp.name)) problems.push(`${at}: read-only root filesystem needs an emptyDir mounted at /tmp`);
    }
    if (typeof container.image !== 'string' || !/(:[\w][\w.-]*|@sha256:[a-f0-9]{64})$/.test(container.image) || /:latest$/.test(container.image)) {
      problems.push(`${at}: image ${String(container.image)} must be pinned to a tag other than latest, or a digest`);
    }
  }
  return problems;
}

function checkResources(container: Container, at: string): string[] {
  const problems: string[] = [];
  for (const section of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory']) {
      if (!hasQuantity(container.resources?.[section], resource)) problems.push(`${at}: resources.${section}.${resource} is missing`);
    }
  }
  return problems;
}

function probePortMatches(container: Container, port: unknown): boolean {
  return list(container.ports).some((p) => (typeof port === 'string' ? p.name === port : p.containerPort === port));
}

function checkProbes(container: Container, at: string): string[] {
  const problems: string[] = [];
  const expected = { livenessProbe: LIVE_PATH, readinessProbe: READY_PATH, startupProbe: LIVE_PATH } as const;
  for (const [probe, path] of Object.entries(expected) as [keyof typeof expected, string][]) {
    const httpGet = container[probe]?.httpGet;
    if (!httpGet) {
      problems.push(`${at}: ${probe} is missing (expected an httpGet of ${path})`);
      continue;
    }
    if (httpGet.path !== path) problems.push(`${at}: ${probe} checks ${String(httpGet.path)}, expected ${path}`);
    if (!probePortMatches(container, httpGet.port)) problems.push(`${at}: ${probe} port ${String(httpGet.port)} is not a port of the container`);
  }
  return problems;
}

function checkSecurity(pod: SecurityContext, container: SecurityContext, at: string): string[] {
  const problems: string[] = [];
  // Container settings override the pod's, as in Kubernetes.
  const runAsNonRoot = container.runAsNonRoot ?? pod.runAsNonRoot;
  const runAsUser = container.runAsUser ?? pod.runAsUser;
  const seccomp = container.seccompProfile?.type ?? pod.seccompProfile?.type;
  if (runAsNonRoot !== true) problems.push(`${at}: runAsNonRoot must be true`);
  if (typeof runAsUser !== 'number' || !Number.isInteger(runAsUser) || runAsUser <= 0) {
    problems.push(`${at}: runAsUser must be a numeric non-root uid, is ${String(runAsUser)}`);
  }
  if (container.readOnlyRootFilesystem !== true) problems.push(`${at}: readOnlyRootFilesystem must be true`);
  if (container.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation must be false`);
  if (container.privileged === true) problems.push(`${at}: must not be privileged`);
  const drop = container.capabilities?.drop;
  if (!Array.isArray(drop) || !drop.includes('ALL')) problems.push(`${at}: capabilities must drop ALL`);
  if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`${at}: seccompProfile must be RuntimeDefault (or Localhost)`);
  return problems;
}

function checkSecretEnv(container: Container, at: string): string[] {
  const problems: string[] = [];
  for (const variable of list(container.env)) {
    const name = String(variable.name);
    if (DEV_ONLY_ENV.includes(name)) {
      problems.push(`${at}: ${name} is for local development only`);
      continue;
    }
    if (!isSecretName(name)) continue;
    const ref = variable.valueFrom?.secretKeyRef;
    if (variable.value !== undefined || !ref || typeof ref.name !== 'string' || typeof ref.key !== 'string') {
      problems.push(`${at}: secret ${name} must come from a secretKeyRef, not ${variable.value !== undefined ? 'an inline value' : 'elsewhere'}`);
    }
  }
  return problems;
}

/**
 * The rendered output as a whole: each Kontor service has a Deployment passing checkDeployment, a
 * ClusterIP Service reaching it and its ConfigMap; no Secret carries data; secrets are present as
 * secretKeyRefs and never in ConfigMaps; PORT agrees with the container port.
 */
export function checkKubernetesManifests(docs: readonly unknown[]): string[] {
  const objects = asObjects(docs);
  const problems: string[] = [];
  const byKind = (kind: string) => objects.filter((o) => o.kind === kind);
  const configMaps = new Map(byKind('ConfigMap').map((c) => [c.metadata?.name, isDict(c.data) ? c.data : {}]));

  for (const secret of byKind('Secret')) {
    const inline = [secret.data, secret.stringData].some((d) => isDict(d) && Object.keys(d).length > 0);
    if (inline) problems.push(`${nameOf(secret)}: Secrets must be created by the operator, not carried in the manifests`);
  }
  for (const [name, data] of configMaps) {
    for (const key of Object.keys(data)) {
      if (DEV_ONLY_ENV.includes(key)) problems.push(`ConfigMap/${String(name)}: ${key} is for local development only`);
      else if (isSecretName(key)) problems.push(`ConfigMap/${String(name)}: holds secret ${key}; it belongs in the Secret`);
    }
    if ('NODE_ENV' in data && data.NODE_ENV !== 'production') problems.push(`ConfigMap/${String(name)}: NODE_ENV must be production`);
  }
  for (const object of objects) {
    if (object.kind !== 'ConfigMap' && object.metadata?.labels?.['app.kubernetes.io/part-of'] !== 'kontor') {
      problems.push(`${nameOf(object)}: lacks label app.kubernetes.io/part-of=kontor`);
    }
  }
  for (const deployment of byKind('Deployment')) problems.push(...checkDeployment(deployment));
  // Jobs run to completion, so no probes; everything else a Deployment must have, they must too.
  for (const job of byKind('Job')) problems.push(...checkDeployment(job, { probes: false }));

  for (const app of KONTOR_APPS) {
    const deployment = byKind('Deployment').find((d) => d.metadata?.name === app);
    if (!deployment) {
      problems.push(`Deployment/${app} is missing`);
      continue;
    }
    const container = list(deployment.spec?.template?.spec?.containers).find((c) => c.name === app);
    if (!container) {
      problems.push(`Deployment/${app}: has no container named ${app}`);
      continue;
    }
    const env = new Map<string, unknown>();
    for (const source of list(container.envFrom)) {
      const refName = source.configMapRef?.name;
      if (refName === undefined) continue;
      const data = configMaps.get(refName);
      if (!data) problems.push(`Deployment/${app}: envFrom names ConfigMap ${String(refName)}, which is not in the manifests`);
      for (const [key, value] of Object.entries(data ?? {})) env.set(key, value);
    }
    const secretRefs = new Set(list(container.env).filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name));
    for (const name of SECRET_ENV[app]) {
      if (!secretRefs.has(name)) problems.push(`Deployment/${app}: secret ${name} is not set from a secretKeyRef`);
    }
    const http = list(container.ports).find((p) => p.name === 'http');
    if (http?.containerPort !== APP_PORTS[app]) problems.push(`Deployment/${app}: container port "http" must be ${APP_PORTS[app]}`);
    if (String(env.get('PORT')) !== String(http?.containerPort)) {
      problems.push(`Deployment/${app}: PORT from its ConfigMaps (${String(env.get('PORT'))}) differs from container port ${String(http?.containerPort)}`);
    }
    if (app === 'bank-ingestion') problems.push(...checkSpool(deployment, container, env));
    if (app === 'messenger-gateway') {
      // The consent page's links and Messenger's account-linking button point there; Messenger requires HTTPS.
      const publicUrl = String(env.get('GATEWAY_PUBLIC_URL') ?? '');
      if (!publicUrl.startsWith('https://')) problems.push(`Deployment/messenger-gateway: GATEWAY_PUBLIC_URL must be set to the gateway's public https:// address (is "${publicUrl}")`);
    }
    const args = [...list(container.command), ...list(container.args)].join(' ');
    if (!args.includes(`dist/apps/${app}/src/main.js`)) problems.push(`Deployment/${app}: does not start dist/apps/${app}/src/main.js`);

    const podLabels = deployment.spec?.template?.metadata?.labels ?? {};
    const service = byKind('Service').find((s) => s.metadata?.name === app);
    if (!service) {
      problems.push(`Service/${app} is missing`);
      continue;
    }
    if ((service.spec?.type ?? 'ClusterIP') !== 'ClusterIP') problems.push(`Service/${app}: must be ClusterIP`);
    const selector = service.spec?.selector ?? {};
    if (Object.keys(selector).length === 0 || Object.entries(selector).some(([k, v]) => podLabels[k] !== v)) {
      problems.push(`Service/${app}: selector does not match the pods of Deployment/${app}`);
    }
    for (const port of list(service.spec?.ports)) {
      if (!probePortMatches(container, port.targetPort ?? port.port)) problems.push(`Service/${app}: targetPort ${String(port.targetPort)} is not a container port`);
    }
  }
  return problems;
}

const QUANTITY_UNITS: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** A Kubernetes quantity (e.g. 2Gi, 500M) in bytes; NaN when it is not one. */
export function quantityBytes(quantity: unknown): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(quantity ?? ''));
  return match ? Number(match[1]) * (QUANTITY_UNITS[match[2] ?? ''] ?? NaN) : NaN;
}

/**
 * bank-ingestion spools every feed body (encrypted) to INGESTION_SPOOL_DIR before reading it: that must
 * be a disk-backed emptyDir (the root filesystem is read-only, and a Memory medium would count bodies
 * against the memory limit) with room for at least one body of INGESTION_MAX_BODY_BYTES.
 */
function checkSpool(deployment: K8sObject, container: Container, env: Map<string, unknown>): string[] {
  const at = 'Deployment/bank-ingestion';
  const spoolDir = env.get('INGESTION_SPOOL_DIR');
  if (typeof spoolDir !== 'string' || spoolDir === '') return [`${at}: INGESTION_SPOOL_DIR is not set; feed bodies would spool to /tmp`];
  const mount = list(container.volumeMounts).find((m) => m.mountPath === spoolDir);
  const volume = list(deployment.spec?.template?.spec?.volumes).find((v) => mount !== undefined && v.name === mount.name);
  const emptyDir = isDict(volume?.emptyDir) ? volume.emptyDir : undefined;
  if (!emptyDir) return [`${at}: INGESTION_SPOOL_DIR ${spoolDir} is not an emptyDir mounted into the container`];
  const problems: string[] = [];
  if (emptyDir.medium === 'Memory') problems.push(`${at}: the spool emptyDir must be disk-backed, not medium Memory`);
  const maxBody = Number(env.get('INGESTION_MAX_BODY_BYTES') ?? 200 * 2 ** 20);
  const size = quantityBytes(emptyDir.sizeLimit);
  if (!(size >= maxBody)) problems.push(`${at}: the spool emptyDir's sizeLimit (${String(emptyDir.sizeLimit)}) must hold at least one body of INGESTION_MAX_BODY_BYTES (${maxBody})`);
  return problems;
}

/** Parses a multi-document YAML stream (e.g. kustomize output); a syntax error throws. */
export function parseYamlStream(text: string): unknown[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`invalid YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    return value === null || value === undefined ? [] : [value];
  });
}

// ---------------------------------------------------------------------------------------------
// docker compose

/** Parses a compose file; `merge` resolves `<<:` keys as Compose does (YAML 1.1 merge keys). */
export function parseCompose(text: string): unknown {
  return parse(text, { merge: true });
}

function composeEnv(environment: unknown): Map<string, string> {
  if (Array.isArray(environment)) {
    return new Map(environment.map((entry) => String(entry)).map((entry) => [entry.split('=')[0] ?? '', entry.slice(entry.indexOf('=') + 1)]));
  }
  return new Map(Object.entries(isDict(environment) ? environment : {}).map(([k, v]) => [k, String(v)]));
}

function healthTest(service: Dict): string[] {
  const healthcheck = service.healthcheck;
  if (!isDict(healthcheck) || healthcheck.disable === true) return [];
  const test = healthcheck.test;
  if (typeof test === 'string') return [test];
  return Array.isArray(test) && test[0] !== 'NONE' ? test.map(String) : [];
}

/**
 * docker/compose.yaml: every long-running service health-checked; one-shot services (restart "no") only
 * ever awaited with service_completed_successfully; the migrations done by a one-shot `migrate` service
 * before any Kontor service starts; the four services hardened, healthy-gated and wired; no secret in
 * any `environment` (they come from an env_file or compose secrets). Given the env files' contents
 * (keyed by the path as compose.yaml names them), also that each service's env files define its secrets.
 */
export function checkCompose(compose: unknown, envFiles?: ReadonlyMap<string, string>): string[] {
  const services = isDict(compose) && isDict(compose.services) ? compose.services : {};
  const problems: string[] = [];
  const dependsOn = (service: unknown): Dict => (isDict(service) && isDict(service.depends_on) ? service.depends_on : {});
  const oneShot = (service: unknown) => isDict(service) && (service.restart === 'no' || service.restart === false);

  for (const infra of ['postgres', 'kafka']) {
    if (!isDict(services[infra])) problems.push(`compose service ${infra} is missing`);
  }
  for (const [name, service] of Object.entries(services)) {
    if (!isDict(service)) continue;
    if (oneShot(service)) {
      for (const [dependent, other] of Object.entries(services)) {
        const dependency = dependsOn(other)[name];
        if (dependency !== undefined && (!isDict(dependency) || dependency.condition !== 'service_completed_successfully')) {
          problems.push(`compose service ${dependent}: must wait for one-shot ${name} with condition service_completed_successfully`);
        }
      }
    } else if (healthTest(service).length === 0) problems.push(`compose service ${name} needs a healthcheck`);
    for (const [key, value] of composeEnv(service.environment)) {
      if (value !== '' && (isSecretName(key) || /:\/\/[^/\s:@]+:[^@\s]+@/.test(value))) {
        problems.push(`compose service ${name}: secret ${key} is inline; put it in an env_file or a compose secret`);
      }
    }
  }

  const migrate = services.migrate;
  if (!isDict(migrate)) problems.push('compose service migrate is missing (migrations must run before the services)');
  else {
    if (!oneShot(migrate)) problems.push('compose service migrate: must be one-shot (restart "no")');
    if (migrate.read_only !== true) problems.push('compose service migrate: read_only must be true');
    const command = Array.isArray(migrate.command) ? migrate.command.join(' ') : String(migrate.command ?? '');
    for (const app of KONTOR_APPS) if (!command.includes(`dist/apps/${app}/src/db.js migrate`)) problems.push(`compose service migrate: does not migrate ${app}`);
    const dependency = dependsOn(migrate).postgres;
    if (!isDict(dependency) || dependency.condition !== 'service_healthy') problems.push('compose service migrate: must depend on postgres with condition service_healthy');
  }

  for (const app of KONTOR_APPS) {
    const service = services[app];
    const at = `compose service ${app}`;
    if (!isDict(service)) {
      problems.push(`${at} is missing`);
      continue;
    }
    const port = APP_PORTS[app];
    const test = healthTest(service).join(' ');
    if (test && !test.includes(`${port}${LIVE_PATH}`)) problems.push(`${at}: healthcheck must probe port ${port} ${LIVE_PATH}`);
    for (const infra of ['postgres', 'kafka']) {
      const dependency = dependsOn(service)[infra];
      if (!isDict(dependency) || dependency.condition !== 'service_healthy') problems.push(`${at}: must depend on ${infra} with condition service_healthy`);
    }
    if (isDict(migrate) && !isDict(dependsOn(service).migrate)) problems.push(`${at}: must wait for migrate with condition service_completed_successfully`);
    if (service.read_only !== true) problems.push(`${at}: read_only must be true`);
    const tmpfs = Array.isArray(service.tmpfs) ? service.tmpfs.map(String) : [String(service.tmpfs ?? '')];
    if (!tmpfs.some((t) => t === '/tmp' || t.startsWith('/tmp:'))) problems.push(`${at}: needs a tmpfs at /tmp`);
    if (!Array.isArray(service.cap_drop) || !service.cap_drop.includes('ALL')) problems.push(`${at}: cap_drop must include ALL`);
    const env = composeEnv(service.environment);
    if (env.get('PORT') !== String(port)) problems.push(`${at}: PORT must be ${port}`);
    if (env.get('RUN_MIGRATIONS') !== 'false') problems.push(`${at}: RUN_MIGRATIONS must be "false"; the migrate service runs them`);
    const ports = Array.isArray(service.ports) ? service.ports.map(String) : [];
    if (!ports.some((p) => p.endsWith(`:${port}`) || p === String(port))) problems.push(`${at}: must publish port ${port}`);
    const command = Array.isArray(service.command) ? service.command.join(' ') : String(service.command ?? '');
    if (!command.includes(`dist/apps/${app}/src/main.js`)) problems.push(`${at}: command must start dist/apps/${app}/src/main.js`);
    const build = service.build;
    if (!isDict(build) || build.dockerfile !== 'docker/Dockerfile') problems.push(`${at}: must be built from docker/Dockerfile`);
    const spoolDir = env.get('INGESTION_SPOOL_DIR');
    const volumes = Array.isArray(service.volumes) ? service.volumes.map((v) => (isDict(v) ? String(v.target) : String(v).split(':')[1])) : [];
    if (spoolDir && !tmpfs.some((t) => t.split(':')[0] === spoolDir) && !volumes.includes(spoolDir)) problems.push(`${at}: INGESTION_SPOOL_DIR ${spoolDir} must be a tmpfs or volume (the root filesystem is read-only)`);
    if (envFiles) {
      const files = Array.isArray(service.env_file) ? service.env_file.map(String) : service.env_file ? [String(service.env_file)] : [];
      const defined = new Set(files.flatMap((file) => [...parseEnvFile(envFiles.get(file) ?? '').keys()]));
      // The local Kafka has no SASL, so no password to give.
      for (const secret of SECRET_ENV[app].filter((s) => s !== 'KAFKA_SASL_PASSWORD')) {
        if (!defined.has(secret)) problems.push(`${at}: secret ${secret} is not defined in its env_file (${files.join(', ') || 'none'})`);
      }
    }
  }
  return problems;
}

/** `KEY=value` lines of a compose env file; comments and blank lines skipped. */
export function parseEnvFile(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && line.includes('='))
    .map((line): [string, string] => [line.slice(0, line.indexOf('=')).trim(), line.slice(line.indexOf('=') + 1)]);
  return new Map(entries);
}

// ---------------------------------------------------------------------------------------------
// Dockerfile

interface Stage {
  from: From;
  name: string | null;
  instructions: Instruction[];
}

function stagesOf(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = instruction as From;
      stages.push({ from, name: from.getBuildStage(), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

function words(instruction: Instruction): string {
  return instruction.getArguments().map((a) => a.getValue()).join(' ');
}

// A package manager installing, in command position (start, or after && || ; | and env assignments),
// so paths such as /usr/local/bin/yarn in an `rm` do not count.
const PACKAGE_INSTALL = /(?:^|[;&|(])\s*(?:\w+=\S*\s+)*(?:npm\s+(?:install|i|ci|add)|yarn(?:\s+(?:install|add))?|pnpm\s+(?:install|i|add))(?=\s|$|[;&|)])/;

/** Whether a stage installs dependencies including dev ones (an npm ci/install without --omit=dev). */
function installsDevDependencies(stage: Stage): boolean {
  return stage.instructions.some((i) => i.getKeyword() === 'RUN' && PACKAGE_INSTALL.test(words(i)) && !/--omit[= ]dev|--production\b/.test(words(i)));
}

/** docker/Dockerfile: multi-stage; the final stage is non-root, health-checked and carries no dev tooling. */
export function checkDockerfile(text: string): string[] {
  const stages = stagesOf(text);
  const problems: string[] = [];
  if (stages.length < 2) problems.push('Dockerfile must be multi-stage (build and runtime in separate stages)');
  const final = stages.at(-1);
  if (!final) return [...problems, 'Dockerfile has no FROM'];
  const earlier = new Map(stages.slice(0, -1).map((s) => [s.name, s]));

  for (const stage of stages) {
    const image = stage.from.getImage();
    if (image && earlier.has(image)) continue;
    const tag = stage.from.getImageTag();
    if (!stage.from.getImageDigest() && (!tag || tag === 'latest')) problems.push(`Dockerfile: base image ${String(image)} must be pinned by tag (not latest) or digest`);
  }

  const of = (keyword: string) => final.instructions.filter((i) => i.getKeyword() === keyword);
  const user = of('USER').at(-1);
  const uid = user ? /^(\d+)(:\d+)?$/.exec(words(user).trim()) : null;
  if (!user) problems.push('Dockerfile: the final stage must set USER to a non-root numeric uid');
  else if (!uid || Number(uid[1]) === 0) problems.push(`Dockerfile: final USER "${words(user)}" must be a numeric non-root uid (Kubernetes verifies runAsNonRoot only on numbers)`);

  const healthcheck = of('HEALTHCHECK').at(-1);
  if (!healthcheck || /^NONE$/i.test(words(healthcheck).trim())) problems.push('Dockerfile: the final stage needs a HEALTHCHECK');
  else if (!words(healthcheck).includes(LIVE_PATH)) problems.push(`Dockerfile: HEALTHCHECK must probe ${LIVE_PATH}`);

  const nodeEnv = (of('ENV') as Env[]).flatMap((e) => e.getProperties()).filter((p) => p.getName() === 'NODE_ENV').at(-1);
  if (nodeEnv?.getValue() !== 'production') problems.push('Dockerfile: the final stage must set NODE_ENV=production');
  if (of('CMD').length === 0 && of('ENTRYPOINT').length === 0) problems.push('Dockerfile: the final stage needs a CMD');

  for (const run of of('RUN')) {
    if (PACKAGE_INSTALL.test(words(run))) problems.push(`Dockerfile: the final stage must not install packages ("${words(run)}")`);
  }
  for (const copy of [...of('COPY'), ...of('ADD')] as Copy[]) {
    const from = copy.getKeyword() === 'COPY' ? copy.getFromFlag()?.getValue() : undefined;
    const args = copy.getArguments().map((a) => a.getValue());
    const sources = args.slice(0, -1);
    if (!from) {
      problems.push(`Dockerfile: the final stage copies "${sources.join(' ')}" from the build context; take only built output from earlier stages`);
      continue;
    }
    const source = earlier.get(from);
    if (!source) continue;
    const wholeTree = sources.some((s) => ['.', './', '/', '/app', '/app/'].includes(s));
    if (installsDevDependencies(source) && (wholeTree || sources.some((s) => s.includes('node_modules')))) {
      problems.push(`Dockerfile: the final stage takes "${sources.join(' ')}" from stage ${from}, which has dev dependencies installed`);
    }
  }
  const nodeModulesCopies = (of('COPY') as Copy[]).filter((c) => c.getArguments().some((a) => a.getValue().includes('node_modules')));
  if (nodeModulesCopies.length === 0) problems.push('Dockerfile: the final stage must copy production node_modules from a dependencies stage');
  for (const copy of nodeModulesCopies) {
    const from = copy.getFromFlag()?.getValue();
    const source = from ? earlier.get(from) : undefined;
    const ci = source?.instructions.some((i) => i.getKeyword() === 'RUN' && /\bnpm\s+ci\b/.test(words(i)) && /--omit[= ]dev\b/.test(words(i)));
    if (source && !ci) problems.push(`Dockerfile: stage ${from} must install the production node_modules with "npm ci --omit=dev" (exactly the lockfile, no dev dependencies)`);
  }
  // ADD fetches URLs without a checksum and unpacks archives implicitly: only COPY, in every stage.
  for (const stage of stages) {
    for (const add of stage.instructions.filter((i) => i.getKeyword() === 'ADD')) {
      const sources = add.getArguments().map((a) => a.getValue()).filter((a) => !a.startsWith('--')).slice(0, -1);
      if (sources.some((src) => /^[a-z][a-z0-9+.-]*:\/\//i.test(src) || src.startsWith('git@'))) problems.push(`Dockerfile: ADD ${sources.join(' ')} downloads at build time; fetch in a RUN with a checksum or vendor it`);
      else problems.push(`Dockerfile: use COPY instead of ADD ("${words(add)}")`);
    }
  }
  return problems;
}
