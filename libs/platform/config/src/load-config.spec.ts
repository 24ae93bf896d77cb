import { IsInt, Min } from 'class-validator';
import { ConfigurationError, loadConfig, resolvePem } from './load-config';
import { PlatformConfig } from './platform-config';

class SampleConfig extends PlatformConfig {
  @IsInt()
  @Min(1)
  BATCH_SIZE: number = 100;
}

const valid = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/kontor', KAFKA_BROKERS: '127.0.0.1:9092' };

describe('loadConfig', () => {
  it('reads variables, converts types and keeps defaults', () => {
    const config = loadConfig(SampleConfig, { ...valid, PORT: '8080', KAFKA_SSL: 'true' });
    expect(config).toMatchObject({ PORT: 8080, KAFKA_SSL: true, BATCH_SIZE: 100, RUN_MIGRATIONS: true, KAFKA_TOPIC_PREFIX: '' });
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig(SampleConfig, { PORT: 'eighty', BATCH_SIZE: '0', KAFKA_BROKERS: 'no-port' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as ConfigurationError).problems.join('\n');
    expect(problems).toContain('DATABASE_URL');
    expect(problems).toContain('KAFKA_BROKERS');
    expect(problems).toContain('PORT');
    expect(problems).toContain('BATCH_SIZE');
  });

  it('reads optional variables that have no default', () => {
    expect(loadConfig(SampleConfig, valid).KAFKA_SASL_USERNAME).toBeUndefined();
    expect(loadConfig(SampleConfig, { ...valid, KAFKA_SASL_USERNAME: 'kontor' }).KAFKA_SASL_USERNAME).toBe('kontor');
  });

  it('treats flags strictly', () => {
    expect(loadConfig(SampleConfig, { ...valid, RUN_MIGRATIONS: 'false' }).RUN_MIGRATIONS).toBe(false);
    expect(loadConfig(SampleConfig, { ...valid, RUN_MIGRATIONS: '0' }).RUN_MIGRATIONS).toBe(false);
  });
});

describe('TLS, SASL and tracing settings', () => {
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(SampleConfig, { ...valid, ...env });
      return [];
    } catch (error) {
      return (error as ConfigurationError).problems;
    }
  };

  it('requires the SASL username and password once a mechanism is set', () => {
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toEqual([
      'KAFKA_SASL_USERNAME: KAFKA_SASL_USERNAME is required when KAFKA_SASL_MECHANISM is set',
      'KAFKA_SASL_PASSWORD: KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is set',
    ]);
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'kontor', KAFKA_SASL_PASSWORD: 'pw' })).toEqual([]);
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'gssapi' })[0]).toMatch(/^KAFKA_SASL_MECHANISM/);
  });

  it('reads CA files and the trace exporter settings', () => {
    const config = loadConfig(SampleConfig, { ...valid, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/etc/kontor/kafka-ca/ca.crt', DATABASE_SSL: '1', DATABASE_SSL_CA_FILE: '/etc/kontor/pg/ca.crt' });
    expect(config).toMatchObject({ KAFKA_SSL: true, KAFKA_SSL_CA_FILE: '/etc/kontor/kafka-ca/ca.crt', DATABASE_SSL: true, DATABASE_SSL_CA_FILE: '/etc/kontor/pg/ca.crt', OTEL_TRACES_EXPORTER: 'none' });
    expect(problemsOf({ OTEL_TRACES_EXPORTER: 'file' })).toEqual(['KONTOR_TRACES_FILE: KONTOR_TRACES_FILE is required when OTEL_TRACES_EXPORTER=file']);
    expect(problemsOf({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT: OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL when OTEL_TRACES_EXPORTER=otlp',
    ]);
  });
});

describe('resolvePem', () => {
  const files: Record<string, string> = { '/ca.crt': 'PEM FROM FILE' };
  const read = (path: string) => {
    if (!(path in files)) throw new Error(`ENOENT: ${path}`);
    return files[path];
  };

  it('prefers the inline PEM, then the file, else nothing (system CAs)', () => {
    expect(resolvePem('INLINE', '/ca.crt', read)).toBe('INLINE');
    expect(resolvePem(undefined, '/ca.crt', read)).toBe('PEM FROM FILE');
    expect(resolvePem(undefined, undefined, read)).toBeUndefined();
  });

  it('fails start-up on a CA file it cannot read instead of trusting the system CAs', () => {
    expect(() => resolvePem(undefined, '/missing.crt', read)).toThrow(ConfigurationError);
  });
});
