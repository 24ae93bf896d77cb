import { IsInt, Min } from 'class-validator';
import { ConfigurationError, loadConfig } from './load-config';
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
