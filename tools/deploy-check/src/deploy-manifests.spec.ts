import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { ALL_TOPICS } from '@kontor/contracts';
import { KAFKA_TOPICS_DIR, kafkaTopicFiles } from './kafka-topics';
import { renderKustomization } from './kustomize';
import { CONSUMER_GROUPS, checkPlatformObjects, consumedTopics } from './platform-checks';
import { validateAgainstSchemas } from './schema-validation';
import {
  KONTOR_APPS,
  SECRET_ENV,
  checkCompose,
  checkDeployment,
  checkDockerfile,
  checkKubernetesManifests,
  isSecretName,
  parseCompose,
  quantityBytes,
} from './manifest-checks';

const root = resolve(__dirname, '../../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');

// Rendered once, lazily: when kubectl is missing every Kubernetes test fails with the same clear message.
let rendered: unknown[] | undefined;
const renderedBase = () => (rendered ??= renderKustomization(resolve(root, 'k8s/base')));
type Obj = { kind?: string; metadata?: { name?: string }; spec?: unknown; data?: Record<string, string> };
const objects = (kind: string) => (renderedBase() as Obj[]).filter((o) => o.kind === kind);

describe('k8s/base, rendered with kubectl kustomize', () => {
  it('passes every check', () => {
    expect(checkKubernetesManifests(renderedBase())).toEqual([]);
  });

  it('has a Deployment, a ClusterIP Service and a ConfigMap per service, and no Secret', () => {
    const names = (kind: string) => objects(kind).map((o) => o.metadata?.name).sort();
    expect(names('Deployment')).toEqual([...KONTOR_APPS].sort());
    expect(names('Service')).toEqual([...KONTOR_APPS].sort());
    for (const app of KONTOR_APPS) expect(names('ConfigMap').some((n) => n?.startsWith(`${app}-config-`))).toBe(true);
    expect(objects('Secret')).toEqual([]);
  });

  it('takes every secret from the kontor-secrets Secret and never from a ConfigMap', () => {
    const text = JSON.stringify(objects('ConfigMap'));
    for (const secret of new Set(Object.values(SECRET_ENV).flat())) expect(text).not.toContain(secret);
  });

  it('renders with the built-in renderer, rather than skipping, when kubectl is missing', () => {
    const withoutKubectl = renderKustomization(resolve(root, 'k8s/base'), '/nonexistent/kubectl');
    const ids = (docs: unknown[]) => (docs as Obj[]).map((o) => `${o.kind}/${o.metadata?.name}`).sort();
    expect(ids(withoutKubectl)).toEqual(ids(renderedBase()));
    expect(checkKubernetesManifests(withoutKubectl)).toEqual([]);
  });
});

// Every overlay, rendered as it would be applied, must pass the schemas and every check.
const OVERLAYS = ['k8s/base', 'k8s/overlays/dev', 'k8s/overlays/prod'] as const;
const renderedOverlays = new Map<string, unknown[]>();
const renderOverlay = (dir: string) => renderedOverlays.get(dir) ?? renderedOverlays.set(dir, renderKustomization(resolve(root, dir))).get(dir)!;

describe.each(OVERLAYS)('%s, rendered', (dir) => {
  it('validates against the Kubernetes, KEDA, prometheus-operator and Strimzi schemas', () => {
    expect(validateAgainstSchemas(renderOverlay(dir))).toEqual([]);
  });

  it('passes the workload checks (probes, limits, non-root, secrets)', () => {
    expect(checkKubernetesManifests(renderOverlay(dir))).toEqual([]);
  });

  it('passes the platform checks (spread, budgets, autoscaling, network policies, migrations, topics)', () => {
    expect(checkPlatformObjects(renderOverlay(dir), ALL_TOPICS)).toEqual([]);
  });
});

describe('k8s/overlays/prod', () => {
  type Loose = { kind: string; metadata: { name: string; namespace?: string }; data?: Record<string, string>; spec?: Record<string, unknown> };
  const prod = () => renderOverlay('k8s/overlays/prod') as Loose[];

  it('puts everything in the kontor namespace and talks TLS with SASL/SCRAM to Kafka and TLS to PostgreSQL', () => {
    expect(new Set(prod().map((o) => o.metadata.namespace))).toEqual(new Set(['kontor']));
    const common = prod().find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('kontor-common-config-'))!;
    expect(common.data).toMatchObject({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SSL_CA_FILE: '/etc/kontor/kafka-ca/ca.crt', DATABASE_SSL: 'true', DATABASE_SSL_CA_FILE: '/etc/kontor/postgres-ca/ca.crt' });
    for (const deployment of prod().filter((o) => o.kind === 'Deployment')) {
      const text = JSON.stringify(deployment);
      expect(text).toContain('"mountPath":"/etc/kontor/kafka-ca"');
      expect(text).toContain('"secretName":"kontor-kafka-cluster-ca-cert"');
    }
  });
});

describe('a deliberately broken overlay', () => {
  it('fails: a container as root, no limits, no probes, a port that is not a number, a topic without its cluster, a budget gone', () => {
    // Inside the repository (kustomize accepts only relative bases), ignored by git under .data/.
    mkdirSync(resolve(root, '.data'), { recursive: true });
    const dir = mkdtempSync(resolve(root, '.data/broken-overlay-'));
    try {
      writeFileSync(
        join(dir, 'kustomization.yaml'),
        stringify({
          apiVersion: 'kustomize.config.k8s.io/v1beta1',
          kind: 'Kustomization',
          resources: [relative(dir, resolve(root, 'k8s/overlays/prod'))],
          patches: [
            {
              target: { kind: 'Deployment', name: 'fraud-scoring' },
              patch: stringify([
                { op: 'replace', path: '/spec/template/spec/containers/0/securityContext/runAsUser', value: 0 },
                { op: 'remove', path: '/spec/template/spec/containers/0/resources/limits' },
                { op: 'remove', path: '/spec/template/spec/containers/0/livenessProbe' },
                { op: 'replace', path: '/spec/template/spec/containers/0/ports/0/containerPort', value: 'http' },
              ]),
            },
            { target: { kind: 'KafkaTopic', name: 'kontor.fraud.alert-raised.v1' }, patch: stringify([{ op: 'remove', path: '/metadata/labels/strimzi.io~1cluster' }]) },
            { target: { kind: 'PodDisruptionBudget', name: 'fraud-scoring' }, patch: stringify([{ op: 'replace', path: '/spec/selector/matchLabels/app.kubernetes.io~1name', value: 'nobody' }]) },
          ],
        }),
      );
      const objects = renderKustomization(dir);
      expect(validateAgainstSchemas(objects)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Deployment\/fraud-scoring: .*containerPort must be integer/),
          expect.stringMatching(/^KafkaTopic\/kontor.fraud.alert-raised.v1: .*strimzi.io\/cluster/),
        ]),
      );
      expect(checkKubernetesManifests(objects)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/fraud-scoring container fraud-scoring: runAsUser must be a numeric non-root uid, is 0/),
          expect.stringMatching(/fraud-scoring container fraud-scoring: resources.limits.cpu is missing/),
          expect.stringMatching(/fraud-scoring container fraud-scoring: livenessProbe is missing/),
        ]),
      );
      expect(checkPlatformObjects(objects, ALL_TOPICS)).toEqual(['Deployment/fraud-scoring: no PodDisruptionBudget selects its pods']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails the schemas on a kind nobody has a schema for, and on a malformed core object', () => {
    expect(
      validateAgainstSchemas([
        { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
        { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { maxUnavailable: 1, selector: { matchLabels: 'app=x' } } },
        { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 's' }, spec: { scaleTargetRef: {}, triggers: [] } },
      ]),
    ).toEqual([
      'Widget/w: no schema for example.com/v1 Widget',
      expect.stringMatching(/^PodDisruptionBudget\/p: .*matchLabels must be object/),
      expect.stringMatching(/^ScaledObject\/s: .*scaleTargetRef must have required property name/),
    ]);
  });

  it('fails the platform checks on open ingress, too many consumer replicas, self-migrating services and undeclared topics', () => {
    type Editable = { kind: string; metadata: { name: string }; spec: { ingress: { from: unknown[] }[]; maxReplicaCount: number; partitions: number }; data?: Record<string, string> };
    const objects = structuredClone(renderOverlay('k8s/overlays/prod')) as Editable[];
    const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name.startsWith(name))!;
    find('NetworkPolicy', 'bank-ingestion-ingress-banks').spec.ingress[0].from = [];
    find('ScaledObject', 'fraud-scoring').spec.maxReplicaCount = 12;
    find('ConfigMap', 'kontor-common-config').data!.RUN_MIGRATIONS = 'true';
    objects.splice(objects.indexOf(find('KafkaTopic', 'kontor.transactions.normalized.v1')), 1);
    find('KafkaTopic', 'kontor.fraud.alert-raised.v1').spec.partitions = 3;
    objects.splice(objects.indexOf(find('NetworkPolicy', 'kontor-egress-otel-collector')), 1);
    expect(checkPlatformObjects(objects, ALL_TOPICS)).toEqual(
      expect.arrayContaining([
        'Deployment/fraud-scoring: traces go to http://otel-collector.monitoring.svc:4318, but egress to port 4318 is not allowed',
        'NetworkPolicy/bank-ingestion-ingress-banks: an ingress rule without "from" admits everyone to bank-ingestion',
        'ScaledObject/fraud-scoring: maxReplicaCount 12 exceeds the 6 partitions of kontor.transactions.normalized.v1',
        expect.stringMatching(/^ConfigMap\/kontor-common-config-.*: RUN_MIGRATIONS must be false/),
        'KafkaTopic kontor.transactions.normalized.v1 is missing',
        'KafkaTopic/kontor.fraud.alert-raised.v1: partitions 3, the catalogue says 6',
      ]),
    );
  });
});

describe('secrets, spool, public URL, consumers and analysts, on the rendered prod overlay', () => {
  type Container = { name: string; env: { name: string; value?: string; valueFrom?: unknown }[]; volumeMounts: { name: string; mountPath: string }[] };
  type Editable = {
    kind: string;
    metadata: { name: string };
    data?: Record<string, string>;
    spec: {
      template: { spec: { containers: Container[]; volumes: { name: string; emptyDir?: { sizeLimit?: string; medium?: string } }[] } };
      triggers: { metadata: Record<string, string> }[];
      ingress: { from: unknown[] }[];
    };
  };
  const prod = () => structuredClone(renderOverlay('k8s/overlays/prod')) as Editable[];
  const find = (objects: Editable[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name.startsWith(name))!;
  const containerOf = (objects: Editable[], app: string) => find(objects, 'Deployment', app).spec.template.spec.containers[0];

  it('lists every secret-like variable of every config class as a secret (so none can sit in a ConfigMap)', () => {
    for (const name of ['MESSENGER_APP_SECRET', 'MESSENGER_VERIFY_TOKEN', 'GATEWAY_BANK_KEYS', 'MESSENGER_PAGE_ACCESS_TOKEN', 'FRAUD_ANALYST_TOKEN_HASHES', 'KONTOR_SECRETS_KEY', 'KONTOR_TOKENIZATION_KEY', 'DATABASE_URL', 'KAFKA_SASL_PASSWORD', 'POSTGRES_PASSWORD']) {
      expect(isSecretName(name)).toBe(true);
    }
    for (const name of ['KAFKA_SASL_USERNAME', 'GATEWAY_PUBLIC_URL', 'INGESTION_SPOOL_DIR', 'KAFKA_SSL_CA_FILE', 'FRAUD_RULE_SET']) expect(isSecretName(name)).toBe(false);
    expect(SECRET_ENV['messenger-gateway']).toEqual(expect.arrayContaining(['MESSENGER_APP_SECRET', 'MESSENGER_VERIFY_TOKEN', 'GATEWAY_BANK_KEYS']));
    expect(SECRET_ENV['fraud-scoring']).toContain('FRAUD_ANALYST_TOKEN_HASHES');
  });

  it('fails when MESSENGER_APP_SECRET is inline in the Deployment', () => {
    const objects = prod();
    const env = containerOf(objects, 'messenger-gateway').env;
    env.splice(env.findIndex((e) => e.name === 'MESSENGER_APP_SECRET'), 1, { name: 'MESSENGER_APP_SECRET', value: 'inline-app-secret' });
    expect(checkKubernetesManifests(objects)).toEqual([
      'Deployment/messenger-gateway container messenger-gateway: secret MESSENGER_APP_SECRET must come from a secretKeyRef, not an inline value',
      'Deployment/messenger-gateway: secret MESSENGER_APP_SECRET is not set from a secretKeyRef',
    ]);
  });

  it('fails when a secret sits in a ConfigMap, or a service secret is not referenced at all', () => {
    const objects = prod();
    find(objects, 'ConfigMap', 'messenger-gateway-config').data!.MESSENGER_VERIFY_TOKEN = 'in-a-configmap';
    find(objects, 'ConfigMap', 'fraud-scoring-config').data!.FRAUD_ANALYST_TOKEN_HASHES = `b:${'0'.repeat(64)}`;
    const env = containerOf(objects, 'messenger-gateway').env;
    env.splice(env.findIndex((e) => e.name === 'GATEWAY_BANK_KEYS'), 1);
    expect(checkKubernetesManifests(objects)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ConfigMap\/messenger-gateway-config-.*: holds secret MESSENGER_VERIFY_TOKEN; it belongs in the Secret$/),
        expect.stringMatching(/^ConfigMap\/fraud-scoring-config-.*: holds secret FRAUD_ANALYST_TOKEN_HASHES; it belongs in the Secret$/),
        'Deployment/messenger-gateway: secret GATEWAY_BANK_KEYS is not set from a secretKeyRef',
      ]),
    );
  });

  it('gives bank-ingestion a disk-backed spool of 2Gi in prod, mounted at INGESTION_SPOOL_DIR, with the 200 MiB limit', () => {
    const objects = prod();
    expect(find(objects, 'ConfigMap', 'bank-ingestion-config').data).toMatchObject({ INGESTION_MAX_BODY_BYTES: String(200 * 2 ** 20), INGESTION_SPOOL_DIR: '/var/spool/kontor' });
    const spool = find(objects, 'Deployment', 'bank-ingestion').spec.template.spec.volumes.find((v) => v.name === 'spool');
    expect(spool?.emptyDir).toEqual({ sizeLimit: '2Gi' });
    expect(containerOf(objects, 'bank-ingestion').volumeMounts).toContainEqual({ name: 'spool', mountPath: '/var/spool/kontor' });
    expect(quantityBytes('2Gi')).toBe(2 * 2 ** 30);
  });

  it('fails on a spool that is not mounted, in memory, or smaller than one body', () => {
    const unmounted = prod();
    const mounts = containerOf(unmounted, 'bank-ingestion').volumeMounts;
    mounts.splice(mounts.findIndex((m) => m.name === 'spool'), 1);
    expect(checkKubernetesManifests(unmounted)).toEqual(['Deployment/bank-ingestion: INGESTION_SPOOL_DIR /var/spool/kontor is not an emptyDir mounted into the container']);

    const small = prod();
    const spool = find(small, 'Deployment', 'bank-ingestion').spec.template.spec.volumes.find((v) => v.name === 'spool')!;
    spool.emptyDir = { sizeLimit: '100Mi', medium: 'Memory' };
    expect(checkKubernetesManifests(small)).toEqual([
      'Deployment/bank-ingestion: the spool emptyDir must be disk-backed, not medium Memory',
      "Deployment/bank-ingestion: the spool emptyDir's sizeLimit (100Mi) must hold at least one body of INGESTION_MAX_BODY_BYTES (209715200)",
    ]);
  });

  it('fails without an https GATEWAY_PUBLIC_URL and with the old rule set default gone', () => {
    const objects = prod();
    expect(find(objects, 'ConfigMap', 'fraud-scoring-config').data?.FRAUD_RULE_SET).toBe('behaviour');
    delete find(objects, 'ConfigMap', 'messenger-gateway-config').data!.GATEWAY_PUBLIC_URL;
    expect(checkKubernetesManifests(objects)).toEqual(["Deployment/messenger-gateway: GATEWAY_PUBLIC_URL must be set to the gateway's public https:// address (is \"\")"]);
  });

  it('names a consumer group for exactly the topics the catalogue says each service consumes, as the apps spell it', () => {
    for (const app of ['transaction-normalizer', 'fraud-scoring', 'messenger-gateway'] as const) {
      expect(Object.keys(CONSUMER_GROUPS[app] ?? {}).sort()).toEqual(consumedTopics(app, ALL_TOPICS).map((t) => t.name).sort());
      const sources = readdirSync(resolve(root, `apps/${app}/src`), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
        .map((file) => read(`apps/${app}/src/${file}`))
        .join('\n');
      for (const group of Object.values(CONSUMER_GROUPS[app] ?? {})) expect(sources).toContain(`'${group}'`);
    }
    expect(consumedTopics('transaction-normalizer', ALL_TOPICS).map((t) => t.name)).toEqual(['kontor.ingestion.feed-entry-received.v1', 'kontor.ingestion.balance-reported.v1']);
  });

  it('fails when a consumed topic has no trigger, a trigger uses the wrong group, or reads another cluster', () => {
    const objects = prod();
    find(objects, 'ScaledObject', 'transaction-normalizer').spec.triggers.splice(1, 1);
    find(objects, 'ScaledObject', 'messenger-gateway').spec.triggers[3].metadata.consumerGroup = 'messenger-gateway';
    find(objects, 'ScaledObject', 'fraud-scoring').spec.triggers[1].metadata.bootstrapServers = 'kafka-bootstrap:9093';
    expect(checkPlatformObjects(objects, ALL_TOPICS)).toEqual([
      'ScaledObject/transaction-normalizer: no kafka trigger for consumed topic kontor.ingestion.balance-reported.v1',
      'ScaledObject/fraud-scoring: the trigger for kontor.fraud.feedback-received.v1 reads lag from kafka-bootstrap:9093, but the services use KAFKA_BROKERS=kontor-kafka-kafka-bootstrap.kafka.svc:9093',
      'ScaledObject/messenger-gateway: the trigger on kontor.orders.merchant-order-reported.v1 must use consumerGroup messenger-gateway.orders, not messenger-gateway',
    ]);
  });

  it('fails when a catalogue consumer is added without a trigger or a known group', () => {
    const topics = ALL_TOPICS.map((t) => (t.name === 'kontor.consent.changed.v1' ? { ...t, consumers: ['fraud-scoring' as const] } : t));
    expect(checkPlatformObjects(renderOverlay('k8s/overlays/prod'), topics)).toEqual([
      'ScaledObject/fraud-scoring: no consumer group known for kontor.consent.changed.v1 (add it to CONSUMER_GROUPS)',
      'ScaledObject/fraud-scoring: no kafka trigger for consumed topic kontor.consent.changed.v1',
    ]);
  });

  it('lets only the analysts\' namespace reach the case API, and fails when fraud-scoring is opened to another', () => {
    const objects = prod();
    const policy = find(objects, 'NetworkPolicy', 'fraud-scoring-ingress-analysts');
    expect(policy.spec.ingress[0].from).toEqual([{ namespaceSelector: { matchLabels: { 'kontor.dev/ingress': 'analysts' } } }]);
    policy.spec.ingress[0].from = [{ namespaceSelector: { matchLabels: { 'kontor.dev/ingress': 'banks' } } }];
    expect(checkPlatformObjects(objects, ALL_TOPICS)).toEqual([
      'NetworkPolicy/fraud-scoring-ingress-analysts: admits {"namespaceSelector":{"matchLabels":{"kontor.dev/ingress":"banks"}}} to fraud-scoring',
      'Deployment/fraud-scoring: no NetworkPolicy admits its ingress (namespace label kontor.dev/ingress=analysts)',
    ]);
  });
});

describe('k8s/base/kafka-topics', () => {
  it('is what the generator makes of the contracts topic catalogue (run `npm run k8s:topics` after changing topics.ts)', () => {
    const expected = kafkaTopicFiles(ALL_TOPICS);
    const committed = new Map(readdirSync(resolve(root, KAFKA_TOPICS_DIR)).map((file) => [file, read(`${KAFKA_TOPICS_DIR}/${file}`)]));
    expect([...committed.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [file, text] of expected) expect(committed.get(file)).toBe(text);
  });
});

describe('docker/compose.yaml', () => {
  const envFiles = () => new Map([['local-secrets.env', read('docker/local-secrets.env')]]);

  it('passes every check, its env file holding every secret the services need', () => {
    expect(checkCompose(parseCompose(read('docker/compose.yaml')), envFiles())).toEqual([]);
  });

  it('fails when the env file lacks a service secret, or the spool directory is not writable', () => {
    const files = envFiles();
    files.set('local-secrets.env', files.get('local-secrets.env')!.replace(/^MESSENGER_APP_SECRET=.*$/m, '').replace(/^FRAUD_ANALYST_TOKEN_HASHES=.*$/m, ''));
    const compose = parseCompose(read('docker/compose.yaml')) as { services: Record<string, { tmpfs: string[] }> };
    compose.services['bank-ingestion'].tmpfs = ['/tmp'];
    expect(checkCompose(compose, files)).toEqual([
      'compose service bank-ingestion: INGESTION_SPOOL_DIR /var/spool/kontor must be a tmpfs or volume (the root filesystem is read-only)',
      'compose service fraud-scoring: secret FRAUD_ANALYST_TOKEN_HASHES is not defined in its env_file (local-secrets.env)',
      'compose service messenger-gateway: secret MESSENGER_APP_SECRET is not defined in its env_file (local-secrets.env)',
    ]);
  });

  it('fails on the gateway and fraud-scoring secrets given inline', () => {
    const compose = parseCompose(read('docker/compose.yaml')) as { services: Record<string, { environment: Record<string, string> }> };
    compose.services['messenger-gateway'].environment.MESSENGER_APP_SECRET = 'app-secret';
    compose.services['messenger-gateway'].environment.GATEWAY_BANK_KEYS = 'demo-bank:k1:0123456789abcdef';
    compose.services['fraud-scoring'].environment.FRAUD_ANALYST_TOKEN_HASHES = `demo-bank:${'0'.repeat(64)}`;
    expect(checkCompose(compose)).toEqual([
      'compose service fraud-scoring: secret FRAUD_ANALYST_TOKEN_HASHES is inline; put it in an env_file or a compose secret',
      'compose service messenger-gateway: secret MESSENGER_APP_SECRET is inline; put it in an env_file or a compose secret',
      'compose service messenger-gateway: secret GATEWAY_BANK_KEYS is inline; put it in an env_file or a compose secret',
    ]);
  });

  it('is valid YAML without duplicate keys', () => {
    expect(parseDocument(read('docker/compose.yaml'), { merge: true }).errors).toEqual([]);
  });
});

describe('docker/Dockerfile', () => {
  it('passes every check', () => {
    expect(checkDockerfile(read('docker/Dockerfile'))).toEqual([]);
  });
});

// A check that cannot fail proves nothing: each one must report a deliberately broken input.
describe('the checks themselves', () => {
  const probe = (path: string) => ({ httpGet: { path, port: 'http' } });
  const goodDeployment = () => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'demo' },
    spec: {
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'demo', 'app.kubernetes.io/part-of': 'kontor' } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          volumes: [{ name: 'tmp', emptyDir: {} }] as { name: string; emptyDir?: object }[],
          containers: [
            {
              name: 'demo',
              image: 'ghcr.io/kontor/kontor:0.1.0',
              ports: [{ name: 'http', containerPort: 3001 }],
              env: [{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'kontor-secrets', key: 'DATABASE_URL' } } }] as object[],
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } } as Record<string, Record<string, string>>,
              livenessProbe: probe('/health/live') as object | undefined,
              readinessProbe: probe('/health/ready') as object | undefined,
              startupProbe: probe('/health/live') as object | undefined,
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
                runAsUser: undefined as number | undefined,
              },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
        },
      },
    },
  });
  const container = (d: ReturnType<typeof goodDeployment>) => d.spec.template.spec.containers[0];

  it('accept a well-formed Deployment (so the failures below are about the breakage)', () => {
    expect(checkDeployment(goodDeployment())).toEqual([]);
  });

  it('report a Deployment without probes', () => {
    const d = goodDeployment();
    delete container(d).livenessProbe;
    delete container(d).readinessProbe;
    delete container(d).startupProbe;
    const problems = checkDeployment(d);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/livenessProbe is missing/), expect.stringMatching(/readinessProbe is missing/), expect.stringMatching(/startupProbe is missing/)]));
  });

  it('report a probe at the wrong endpoint', () => {
    const d = goodDeployment();
    container(d).readinessProbe = probe('/health/live');
    expect(checkDeployment(d)).toEqual([expect.stringMatching(/readinessProbe checks \/health\/live, expected \/health\/ready/)]);
  });

  it('report a container running as root', () => {
    const d = goodDeployment();
    container(d).securityContext.runAsUser = 0;
    expect(checkDeployment(d)).toEqual([expect.stringMatching(/runAsUser must be a numeric non-root uid, is 0/)]);
  });

  it('report a writable root filesystem and missing runAsNonRoot', () => {
    const d = goodDeployment();
    container(d).securityContext.readOnlyRootFilesystem = false;
    d.spec.template.spec.securityContext.runAsNonRoot = false;
    expect(checkDeployment(d)).toEqual(expect.arrayContaining([expect.stringMatching(/readOnlyRootFilesystem must be true/), expect.stringMatching(/runAsNonRoot must be true/)]));
  });

  it('report missing resource limits', () => {
    const d = goodDeployment();
    delete container(d).resources.limits;
    expect(checkDeployment(d)).toEqual([expect.stringMatching(/resources.limits.cpu is missing/), expect.stringMatching(/resources.limits.memory is missing/)]);
  });

  it('report a secret given inline instead of through a secretKeyRef', () => {
    const d = goodDeployment();
    container(d).env = [{ name: 'KONTOR_SECRETS_KEY', value: 'not-from-a-secret' }];
    expect(checkDeployment(d)).toEqual([expect.stringMatching(/secret KONTOR_SECRETS_KEY must come from a secretKeyRef/)]);
  });

  it('report a Secret with inline data, secrets in ConfigMaps and missing services', () => {
    const problems = checkKubernetesManifests([
      { kind: 'Secret', metadata: { name: 'kontor-secrets', labels: { 'app.kubernetes.io/part-of': 'kontor' } }, stringData: { KONTOR_SECRETS_KEY: 'x' } },
      { kind: 'ConfigMap', metadata: { name: 'leaky' }, data: { DATABASE_URL: 'postgres://u:p@h/db', NODE_ENV: 'development' } },
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Secret\/kontor-secrets: Secrets must be created by the operator/),
        expect.stringMatching(/ConfigMap\/leaky: holds secret DATABASE_URL/),
        expect.stringMatching(/ConfigMap\/leaky: NODE_ENV must be production/),
        expect.stringMatching(/Deployment\/bank-ingestion is missing/),
      ]),
    );
  });

  it('report compose services started before their dependencies are healthy', () => {
    const compose = parseCompose(read('docker/compose.yaml')) as { services: Record<string, Record<string, unknown>> };
    compose.services['fraud-scoring'].depends_on = ['postgres', 'kafka'];
    delete compose.services['kafka'].healthcheck;
    compose.services['bank-ingestion'].read_only = false;
    expect(checkCompose(compose)).toEqual([
      'compose service kafka needs a healthcheck',
      'compose service bank-ingestion: read_only must be true',
      'compose service fraud-scoring: must depend on postgres with condition service_healthy',
      'compose service fraud-scoring: must depend on kafka with condition service_healthy',
      'compose service fraud-scoring: must wait for migrate with condition service_completed_successfully',
    ]);
  });

  it('report compose secrets given inline, services not waiting for the migrations, and a migrate that skips one', () => {
    type Service = { environment: Record<string, string>; depends_on: Record<string, unknown>; command: string[] };
    const compose = parseCompose(read('docker/compose.yaml')) as { services: Record<string, Service> };
    compose.services['messenger-gateway'].environment.MESSENGER_PAGE_ACCESS_TOKEN = 'EAAG-real-looking-token';
    compose.services['postgres'].environment.POSTGRES_PASSWORD = 'hunter2';
    compose.services['fraud-scoring'].environment.DATABASE_LINK = 'postgres://kontor:hunter2@postgres/kontor';
    compose.services['bank-ingestion'].depends_on.migrate = { condition: 'service_started' };
    compose.services['bank-ingestion'].environment.RUN_MIGRATIONS = 'true';
    compose.services['migrate'].command = ['node dist/apps/bank-ingestion/src/db.js migrate'];
    expect(checkCompose(compose)).toEqual([
      'compose service postgres: secret POSTGRES_PASSWORD is inline; put it in an env_file or a compose secret',
      'compose service bank-ingestion: must wait for one-shot migrate with condition service_completed_successfully',
      'compose service fraud-scoring: secret DATABASE_LINK is inline; put it in an env_file or a compose secret',
      'compose service messenger-gateway: secret MESSENGER_PAGE_ACCESS_TOKEN is inline; put it in an env_file or a compose secret',
      'compose service migrate: does not migrate transaction-normalizer',
      'compose service migrate: does not migrate fraud-scoring',
      'compose service migrate: does not migrate messenger-gateway',
      'compose service bank-ingestion: RUN_MIGRATIONS must be "false"; the migrate service runs them',
    ]);
  });

  it('report a Dockerfile that downloads with ADD and installs production dependencies without npm ci --omit=dev', () => {
    const dockerfile = [
      'FROM node:20.20.2-bookworm-slim AS deps',
      'ADD https://example.com/tool.tar.gz /opt/',
      'RUN npm install --omit=dev',
      'FROM node:20.20.2-bookworm-slim',
      'ENV NODE_ENV=production',
      'COPY --from=deps /app/node_modules ./node_modules',
      'USER 10001',
      'HEALTHCHECK CMD ["node", "-e", "fetch(\'http://127.0.0.1:3001/health/live\')"]',
      'CMD ["dist/main.js"]',
    ].join('\n');
    expect(checkDockerfile(dockerfile)).toEqual([
      'Dockerfile: stage deps must install the production node_modules with "npm ci --omit=dev" (exactly the lockfile, no dev dependencies)',
      'Dockerfile: ADD https://example.com/tool.tar.gz downloads at build time; fetch in a RUN with a checksum or vendor it',
    ]);
  });

  it('report a single-stage Dockerfile running as root with dev dependencies', () => {
    const dockerfile = ['FROM node:latest', 'WORKDIR /app', 'COPY . .', 'RUN npm install && npm run build', 'CMD ["node", "dist/main.js"]'].join('\n');
    expect(checkDockerfile(dockerfile)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/must be multi-stage/),
        expect.stringMatching(/pinned by tag/),
        expect.stringMatching(/must set USER/),
        expect.stringMatching(/needs a HEALTHCHECK/),
        expect.stringMatching(/must not install packages/),
        expect.stringMatching(/copies "." from the build context/),
      ]),
    );
  });

  it('report a final stage that takes node_modules from the stage with dev dependencies, or runs as root', () => {
    const dockerfile = [
      'FROM node:20.20.2-bookworm-slim AS build',
      'RUN npm ci && npm run build',
      'FROM node:20.20.2-bookworm-slim',
      'ENV NODE_ENV=production',
      'COPY --from=build /app/node_modules ./node_modules',
      'COPY --from=build /app/dist ./dist',
      'USER 0',
      'HEALTHCHECK CMD ["node", "-e", "fetch(\'http://127.0.0.1:3001/health/live\')"]',
      'CMD ["dist/main.js"]',
    ].join('\n');
    expect(checkDockerfile(dockerfile)).toEqual([
      'Dockerfile: final USER "0" must be a numeric non-root uid (Kubernetes verifies runAsNonRoot only on numbers)',
      'Dockerfile: the final stage takes "/app/node_modules" from stage build, which has dev dependencies installed',
      'Dockerfile: stage build must install the production node_modules with "npm ci --omit=dev" (exactly the lockfile, no dev dependencies)',
    ]);
  });
});
