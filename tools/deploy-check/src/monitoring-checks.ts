/**
 * Checks that alert rules and dashboards only name metrics (and labels) the services really export:
 * a renamed metric must fail a test, not silently blank a panel or mute an alert.
 */
export interface KnownMetric {
  name: string;
  type: string;
  labelNames: readonly string[];
}

const SUFFIXES: Record<string, readonly string[]> = { histogram: ['_bucket', '_count', '_sum'], summary: ['_count', '_sum'] };
/** Labels every series has: the service (a default label), Prometheus' own, and the histogram bucket bound. */
const IMPLICIT_LABELS = ['service', 'le', 'job', 'instance', 'namespace', 'pod', 'container'];
const PROMQL_WORDS = new Set(['sum', 'by', 'rate', 'increase', 'max', 'min', 'avg', 'and', 'or', 'unless', 'histogram_quantile', 'without', 'count', 'on', 'ignoring', 'label_values']);

/** Series names a metric exposes (histograms: _bucket, _count, _sum). */
function seriesOf(metric: KnownMetric): string[] {
  return [metric.name, ...(SUFFIXES[metric.type] ?? []).map((s) => metric.name + s)];
}

/** Problems with one PromQL expression: unknown metric names, unknown label names in selectors and groupings. */
export function checkPromQl(expr: string, metrics: readonly KnownMetric[], where: string): string[] {
  const bySeries = new Map(metrics.flatMap((m) => seriesOf(m).map((s) => [s, m] as const)));
  const problems: string[] = [];
  // Drop strings and durations first: "5..", [5m] and {{ $labels.x }} are not names.
  const code = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\[[^\]]*\]/g, '');
  const used: KnownMetric[] = [];
  for (const match of code.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^}]*\})?/g)) {
    const [, token, selector] = match;
    if (PROMQL_WORDS.has(token) || /^\d/.test(token)) continue;
    const before = code.slice(0, match.index);
    // Inside a by (...)/without (...) list, or a label name in a selector: checked below.
    if (/\b(by|without|on|ignoring)\s*\([^)]*$/.test(before) || /\{[^}]*$/.test(before)) continue;
    const metric = bySeries.get(token);
    if (!metric) {
      problems.push(`${where}: metric ${token} is not exported by the services`);
      continue;
    }
    used.push(metric);
    for (const label of [...(selector ?? '').matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1])) {
      if (!metric.labelNames.includes(label) && !IMPLICIT_LABELS.includes(label)) problems.push(`${where}: ${token} has no label ${label}`);
    }
  }
  for (const grouping of code.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)) {
    for (const label of grouping[1].split(',').map((l) => l.trim()).filter(Boolean)) {
      if (!IMPLICIT_LABELS.includes(label) && used.length > 0 && !used.some((m) => m.labelNames.includes(label))) problems.push(`${where}: no metric of the expression has label ${label}`);
    }
  }
  return problems;
}

interface RuleFile {
  spec?: { groups?: { name?: string; rules?: { alert?: string; record?: string; expr?: unknown; labels?: Record<string, string>; annotations?: Record<string, string> }[] }[] };
}

/** A PrometheusRule: every rule has an expression over known metrics; alerts have a severity and a summary. */
export function checkPrometheusRule(rule: RuleFile, metrics: readonly KnownMetric[]): string[] {
  const problems: string[] = [];
  const rules = (rule.spec?.groups ?? []).flatMap((g) => g.rules ?? []);
  if (rules.length === 0) problems.push('PrometheusRule: has no rules');
  for (const r of rules) {
    const where = `alert ${r.alert ?? r.record ?? '<unnamed>'}`;
    if (typeof r.expr !== 'string' || r.expr.trim() === '') problems.push(`${where}: has no expr`);
    else problems.push(...checkPromQl(r.expr, metrics, where));
    if (r.alert && !['warning', 'critical'].includes(r.labels?.severity ?? '')) problems.push(`${where}: severity must be warning or critical`);
    if (r.alert && !r.annotations?.summary) problems.push(`${where}: needs a summary annotation`);
  }
  return problems;
}

interface Dashboard {
  panels?: { title?: string; targets?: { expr?: string }[] }[];
  templating?: { list?: { name?: string; query?: unknown }[] };
}

/** A Grafana dashboard: every panel queries known metrics; variables too. */
export function checkDashboard(dashboard: Dashboard, metrics: readonly KnownMetric[]): string[] {
  const problems: string[] = [];
  const panels = dashboard.panels ?? [];
  if (panels.length === 0) problems.push('dashboard: has no panels');
  for (const panel of panels) {
    const targets = panel.targets ?? [];
    if (targets.length === 0) problems.push(`panel "${panel.title}": has no query`);
    for (const target of targets) problems.push(...checkPromQl((target.expr ?? '').replace(/\$\w+/g, 'x'), metrics, `panel "${panel.title}"`));
  }
  for (const variable of dashboard.templating?.list ?? []) {
    const query = typeof variable.query === 'string' ? variable.query : '';
    const inner = /label_values\(\s*([a-zA-Z_:][\w:]*)/.exec(query);
    if (inner) problems.push(...checkPromQl(inner[1], metrics, `variable ${variable.name}`));
  }
  return problems;
}
