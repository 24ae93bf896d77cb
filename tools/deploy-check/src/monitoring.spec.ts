import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { KontorMetrics } from '@kontor/platform-observability';
import { checkDashboard, checkPrometheusRule, KnownMetric } from './monitoring-checks';

const root = resolve(__dirname, '../../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');

/** What the services export: the very registry they serve on /metrics. */
const metrics: KnownMetric[] = new KontorMetrics().registry.getMetricsAsArray().map((m) => {
  const metric = m as unknown as { name: string; type: string; labelNames?: string[] };
  return { name: metric.name, type: String(metric.type), labelNames: metric.labelNames ?? [] };
});

describe('k8s/base/monitoring', () => {
  it('alert rules name only metrics and labels the services export', () => {
    expect(checkPrometheusRule(parse(read('k8s/base/monitoring/prometheus-rules.yaml')), metrics)).toEqual([]);
  });

  it('alert on consumer lag, dead letters, error rates and a stuck outbox', () => {
    const text = read('k8s/base/monitoring/prometheus-rules.yaml');
    for (const metric of ['kontor_consumer_lag_messages', 'kontor_dead_letters_total', 'kontor_http_requests_total{status=~"5.."}', 'kontor_outbox_oldest_event_age_seconds']) expect(text).toContain(metric);
  });

  it('the Grafana dashboard queries only metrics and labels the services export', () => {
    expect(checkDashboard(JSON.parse(read('k8s/base/monitoring/kontor-dashboard.json')), metrics)).toEqual([]);
  });
});

describe('the monitoring checks themselves', () => {
  it('report a renamed metric, an unknown label and an alert without severity', () => {
    const rule = { spec: { groups: [{ name: 'g', rules: [{ alert: 'Renamed', expr: 'sum(rate(kontor_messages_eaten_total[5m])) > 0', labels: { severity: 'warning' }, annotations: { summary: 's' } }, { alert: 'BadLabel', expr: 'sum by (colour) (kontor_dead_letters_total{flavour="x"}) > 0', annotations: { summary: 's' } }] }] } };
    expect(checkPrometheusRule(rule, metrics)).toEqual([
      'alert Renamed: metric kontor_messages_eaten_total is not exported by the services',
      'alert BadLabel: kontor_dead_letters_total has no label flavour',
      'alert BadLabel: no metric of the expression has label colour',
      'alert BadLabel: severity must be warning or critical',
    ]);
  });

  it('report a dashboard panel on a metric that does not exist', () => {
    const dashboard = { panels: [{ title: 'Lag', targets: [{ expr: 'sum(kontor_consumer_lag{service=~"$service"})' }] }] };
    expect(checkDashboard(dashboard, metrics)).toEqual(['panel "Lag": metric kontor_consumer_lag is not exported by the services']);
  });
});
