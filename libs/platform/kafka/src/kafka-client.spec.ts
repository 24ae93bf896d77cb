import { kafkaConfig } from './kafka-client';

describe('kafkaConfig', () => {
  const base = { clientId: 'fraud-scoring', brokers: 'b1:9093, b2:9093' };

  it('connects in plain text without SSL or SASL by default', () => {
    expect(kafkaConfig(base)).toMatchObject({ clientId: 'fraud-scoring', brokers: ['b1:9093', 'b2:9093'], ssl: undefined, sasl: undefined });
  });

  it('uses TLS with the given CA, verifying the brokers', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(kafkaConfig({ ...base, ssl: true, sslCa: pem }).ssl).toEqual({ ca: [pem] });
    expect(kafkaConfig({ ...base, ssl: true }).ssl).toBe(true);
  });

  it('authenticates with SASL/SCRAM (or PLAIN) when a mechanism is set', () => {
    for (const mechanism of ['scram-sha-512', 'scram-sha-256', 'plain'] as const) {
      expect(kafkaConfig({ ...base, ssl: true, saslMechanism: mechanism, saslUsername: 'kontor', saslPassword: 'pw' }).sasl).toEqual({ mechanism, username: 'kontor', password: 'pw' });
    }
    expect(kafkaConfig({ ...base, saslMechanism: '' }).sasl).toBeUndefined();
  });

  it('routes kafkajs logs through the service logger', () => {
    expect(typeof kafkaConfig(base).logCreator).toBe('function');
  });
});
