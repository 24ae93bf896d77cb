import { domainMetrics, KontorMetrics, kontorMetrics, METRIC_NAMES, registeredMetricNames } from './metrics';

describe('Kontor metrics', () => {
  it('registers every named metric', () => {
    const names = registeredMetricNames(new KontorMetrics());
    for (const name of Object.values(METRIC_NAMES)) expect(names).toContain(name);
  });

  it('records domain outcomes through one-line calls', async () => {
    domainMetrics.feedOutcome('accepted', 'demo-bank');
    domainMetrics.alertDelivery('sent');
    const text = await kontorMetrics().registry.metrics();
    expect(text).toMatch(/kontor_feed_outcomes_total\{outcome="accepted",bank="demo-bank"\} 1/);
    expect(text).toMatch(/kontor_alerts_sent_total\{outcome="sent"\} 1/);
  });
});
