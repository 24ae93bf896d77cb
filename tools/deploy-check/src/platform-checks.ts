import type { TopicDefinition } from '@kontor/contracts';
import { APP_PORTS, KONTOR_APPS, KontorApp } from './manifest-checks';

/**
 * Checks across the rendered objects that the per-Deployment checks cannot see: every workload
 * spread, budgeted, autoscaled and fenced by network policy; migrations before rollout; topics
 * declared exactly as the catalogue says. Pure functions returning problems; empty means it passes.
 */

type Dict = Record<string, unknown>;
// The rendered YAML is untrusted input: read it loosely, report what is missing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const isDict = (value: unknown): value is Dict => typeof value === 'object' && value !== null && !Array.isArray(value);
const name = (o: Loose) => `${String(o?.kind)}/${String(o?.metadata?.name)}`;
const arr = (value: unknown): Loose[] => (Array.isArray(value) ? value : []);

/**
 * The consumer group each service reads each topic with (the apps' own group ids: grep `groupId`). Which
 * topics a service consumes is the catalogue's `consumers` lists; this table only names the groups, and
 * a consumed topic without a group here is reported, so a new consumer cannot go unscaled.
 */
export const CONSUMER_GROUPS: Readonly<Partial<Record<KontorApp, Readonly<Record<string, string>>>>> = {
  'transaction-normalizer': {
    'kontor.ingestion.feed-entry-received.v1': 'transaction-normalizer',
    'kontor.ingestion.balance-reported.v1': 'transaction-normalizer-balances',
  },
  'fraud-scoring': {
    'kontor.transactions.normalized.v1': 'fraud-scoring',
    'kontor.fraud.feedback-received.v1': 'fraud-scoring-feedback',
  },
  'messenger-gateway': {
    'kontor.fraud.alert-raised.v1': 'messenger-gateway',
    'kontor.transactions.normalized.v1': 'messenger-gateway.transactions',
    'kontor.balances.account-balance.v1': 'messenger-gateway.balances',
    'kontor.orders.merchant-order-reported.v1': 'messenger-gateway.orders',
  },
};

/** The topics the catalogue says a service consumes (dead-letter topics have no consumers). */
export function consumedTopics(app: KontorApp, topics: readonly TopicDefinition[]): TopicDefinition[] {
  return topics.filter((t) => t.consumers.includes(app));
}

/**
 * Which ingress namespaces (label kontor.dev/ingress) may reach an app; absent: nothing but Prometheus.
 * The gateway serves Meta and customers' browsers (webhooks, consent page) through the Messenger ingress
 * and partner banks (its bank API) through the banks' ingress; fraud-scoring's case API is internal,
 * reachable from the bank analysts' namespace only.
 */
export const INGRESS_FROM: Partial<Record<KontorApp, readonly string[]>> = {
  'bank-ingestion': ['banks'],
  'messenger-gateway': ['messenger', 'banks'],
  'fraud-scoring': ['analysts'],
};

function selects(selector: unknown, labels: Dict): boolean {
  const match = isDict(selector) ? (isDict(selector.matchLabels) ? selector.matchLabels : selector) : {};
  const entries = Object.entries(match);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

export function checkPlatformObjects(docs: readonly unknown[], topics: readonly TopicDefinition[]): string[] {
  const objects = docs.filter(isDict) as Loose[];
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  const problems: string[] = [];

  // Network: default deny first, then only the allowed paths.
  const policies = of('NetworkPolicy');
  const denyAll = policies.find((p) => isDict(p.spec?.podSelector) && Object.keys(p.spec.podSelector).length === 0 && arr(p.spec?.policyTypes).includes('Ingress') && arr(p.spec?.policyTypes).includes('Egress') && !p.spec.ingress && !p.spec.egress);
  if (!denyAll) problems.push('NetworkPolicy: no default-deny policy (empty podSelector, Ingress and Egress, no rules)');

  // The brokers the services use; KEDA must read the lag from the same cluster.
  const brokers: unknown = of('ConfigMap').find((c) => String(c.metadata?.name).startsWith('kontor-common-config'))?.data?.KAFKA_BROKERS;

  for (const app of KONTOR_APPS) {
    const deployment = of('Deployment').find((d) => d.metadata?.name === app);
    if (!deployment) continue; // reported by checkKubernetesManifests
    const labels: Dict = deployment.spec?.template?.metadata?.labels ?? {};
    const pod = deployment.spec?.template?.spec ?? {};
    const at = `Deployment/${app}`;

    if (arr(pod.topologySpreadConstraints).length === 0) problems.push(`${at}: no topologySpreadConstraints`);
    if (!of('PodDisruptionBudget').some((b) => selects(b.spec?.selector, labels))) problems.push(`${at}: no PodDisruptionBudget selects its pods`);
    const waits = arr(pod.initContainers).some((c) => arr(c.args).join(' ').includes(`dist/apps/${app}/src/db.js wait-migrated`));
    if (!waits) problems.push(`${at}: no init container waits for its schema (db.js wait-migrated)`);

    // Autoscaling: CPU for the HTTP app, consumer lag for the consumers, never more replicas than partitions.
    const targets = (o: Loose) => o.spec?.scaleTargetRef?.name === app;
    const hpa = of('HorizontalPodAutoscaler').find(targets);
    const scaled = of('ScaledObject').find(targets);
    if (app === 'bank-ingestion') {
      const cpu = arr(hpa?.spec?.metrics).some((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
      if (!cpu) problems.push(`${at}: needs a HorizontalPodAutoscaler on CPU`);
      if (scaled) problems.push(`${at}: is HTTP-bound; it must not scale on Kafka lag`);
    } else {
      const triggers = arr(scaled?.spec?.triggers).filter((t) => t.type === 'kafka');
      const consumed = consumedTopics(app, topics);
      if (!scaled || triggers.length === 0) problems.push(`${at}: needs a KEDA ScaledObject with a kafka trigger`);
      else {
        // One trigger per consumed topic and group: lag on any input is work waiting for this service.
        for (const topic of consumed) {
          const group = CONSUMER_GROUPS[app]?.[topic.name];
          if (!group) problems.push(`ScaledObject/${app}: no consumer group known for ${topic.name} (add it to CONSUMER_GROUPS)`);
          const trigger = triggers.find((t) => t.metadata?.topic === topic.name);
          if (!trigger) problems.push(`ScaledObject/${app}: no kafka trigger for consumed topic ${topic.name}`);
          else if (group && trigger.metadata?.consumerGroup !== group) problems.push(`ScaledObject/${app}: the trigger on ${topic.name} must use consumerGroup ${group}, not ${String(trigger.metadata?.consumerGroup)}`);
          if (!(Number(scaled.spec?.maxReplicaCount) <= topic.partitions)) problems.push(`ScaledObject/${app}: maxReplicaCount ${String(scaled.spec?.maxReplicaCount)} exceeds the ${topic.partitions} partitions of ${topic.name}`);
        }
        for (const trigger of triggers) {
          const topicName = String(trigger.metadata?.topic);
          if (!consumed.some((t) => t.name === topicName)) problems.push(`ScaledObject/${app}: scales on ${topicName}, which the catalogue does not list ${app} as consuming`);
          if (!trigger.metadata?.lagThreshold) problems.push(`ScaledObject/${app}: lagThreshold is missing on the trigger for ${topicName}`);
          if (!trigger.authenticationRef?.name) problems.push(`ScaledObject/${app}: the trigger for ${topicName} needs an authenticationRef (TLS/SASL credentials from a Secret)`);
          if (brokers !== undefined && trigger.metadata?.bootstrapServers !== brokers) problems.push(`ScaledObject/${app}: the trigger for ${topicName} reads lag from ${String(trigger.metadata?.bootstrapServers)}, but the services use KAFKA_BROKERS=${String(brokers)}`);
        }
      }
      if (hpa) problems.push(`${at}: has both a CPU HPA and a ScaledObject`);
    }

    // Inbound: only the policies naming this app's pods, and only from where they may come.
    const ingressRules = policies.filter((p) => arr(p.spec?.policyTypes).includes('Ingress') && selects(p.spec?.podSelector, labels)).flatMap((p) => arr(p.spec?.ingress).map((rule) => ({ policy: p, rule })));
    for (const { policy, rule } of ingressRules) {
      const from = arr(rule.from);
      if (from.length === 0) problems.push(`${name(policy)}: an ingress rule without "from" admits everyone to ${app}`);
      for (const peer of from) {
        const ns = peer.namespaceSelector?.matchLabels ?? {};
        const fromMonitoring = ns['kubernetes.io/metadata.name'] === 'monitoring';
        const fromOwnIngress = (INGRESS_FROM[app] ?? []).includes(ns['kontor.dev/ingress']);
        if (peer.ipBlock || (!fromMonitoring && !fromOwnIngress)) problems.push(`${name(policy)}: admits ${JSON.stringify(peer)} to ${app}`);
      }
    }
    for (const ingressFrom of INGRESS_FROM[app] ?? []) {
      if (!ingressRules.some(({ rule }) => arr(rule.from).some((peer) => peer.namespaceSelector?.matchLabels?.['kontor.dev/ingress'] === ingressFrom))) {
        problems.push(`${at}: no NetworkPolicy admits its ingress (namespace label kontor.dev/ingress=${ingressFrom})`);
      }
    }
    const egressPorts = policies
      .filter((p) => arr(p.spec?.policyTypes).includes('Egress') && selects(p.spec?.podSelector, labels))
      .flatMap((p) => arr(p.spec?.egress).flatMap((rule) => arr(rule.ports).map((port) => Number(port.port))));
    for (const port of [53, 9092, 5432]) if (!egressPorts.includes(port)) problems.push(`${at}: egress to port ${port} is not allowed (DNS, Kafka, PostgreSQL)`);
    if (app === 'messenger-gateway' && !egressPorts.includes(443)) problems.push(`${at}: egress to the Graph API (443) is not allowed`);
    if (app !== 'messenger-gateway' && egressPorts.includes(443)) problems.push(`${at}: only messenger-gateway may call out over HTTPS`);
    if (APP_PORTS[app] === undefined) problems.push(`${at}: unknown app`);
    // Spans exported over OTLP must be let out to the collector's port.
    const endpoint = of('ConfigMap').map((c) => c.data ?? {}).find((d) => d.OTEL_TRACES_EXPORTER === 'otlp')?.OTEL_EXPORTER_OTLP_ENDPOINT;
    const otlpPort = endpoint ? Number(new URL(String(endpoint)).port || (String(endpoint).startsWith('https') ? 443 : 80)) : undefined;
    if (otlpPort !== undefined && !egressPorts.includes(otlpPort)) problems.push(`${at}: traces go to ${String(endpoint)}, but egress to port ${otlpPort} is not allowed`);
  }

  // Migrations: one Job migrating every schema; the services do not migrate themselves.
  const job = of('Job').find((j) => j.metadata?.name === 'kontor-migrate');
  if (!job) problems.push('Job/kontor-migrate is missing');
  else {
    const steps = [...arr(job.spec?.template?.spec?.initContainers), ...arr(job.spec?.template?.spec?.containers)].map((c) => arr(c.args).join(' '));
    for (const app of KONTOR_APPS) if (!steps.includes(`dist/apps/${app}/src/db.js migrate`)) problems.push(`Job/kontor-migrate: does not migrate ${app}`);
  }
  for (const config of of('ConfigMap')) {
    if (config.data?.RUN_MIGRATIONS === 'true') problems.push(`${name(config)}: RUN_MIGRATIONS must be false; the kontor-migrate Job migrates`);
    if (config.data?.KAFKA_PROVISION_TOPICS === 'true') problems.push(`${name(config)}: KAFKA_PROVISION_TOPICS must be false; topics are KafkaTopic resources`);
  }

  // Topics: declared exactly as the catalogue says, nothing more.
  const declared = new Map(of('KafkaTopic').map((t) => [t.spec?.topicName ?? t.metadata?.name, t]));
  for (const topic of topics) {
    const resource = declared.get(topic.name);
    if (!resource) problems.push(`KafkaTopic ${topic.name} is missing`);
    else {
      if (resource.spec?.partitions !== topic.partitions) problems.push(`KafkaTopic/${topic.name}: partitions ${String(resource.spec?.partitions)}, the catalogue says ${topic.partitions}`);
      if (Number(resource.spec?.config?.['retention.ms']) !== topic.retentionMs) problems.push(`KafkaTopic/${topic.name}: retention.ms differs from the catalogue`);
      if (resource.spec?.config?.['cleanup.policy'] !== topic.cleanupPolicy) problems.push(`KafkaTopic/${topic.name}: cleanup.policy differs from the catalogue`);
    }
  }
  for (const topicName of declared.keys()) if (!topics.some((t) => t.name === topicName)) problems.push(`KafkaTopic ${String(topicName)} is not in the catalogue`);
  return problems;
}
