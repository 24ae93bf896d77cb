import { serviceDataSourceOptions } from './data-source';

describe('serviceDataSourceOptions', () => {
  const base = { url: 'postgres://kontor@db:5432/kontor', schema: 'fraud', entities: [], migrations: [] };

  it('verifies the server certificate against the given CA when DATABASE_SSL is on', () => {
    expect(serviceDataSourceOptions({ ...base, ssl: true, sslCa: 'PEM' })).toMatchObject({ ssl: { ca: 'PEM', rejectUnauthorized: true } });
    expect(serviceDataSourceOptions({ ...base, ssl: true })).toMatchObject({ ssl: { ca: undefined, rejectUnauthorized: true } });
  });

  it('connects without TLS when it is off', () => {
    expect(serviceDataSourceOptions(base)).toMatchObject({ ssl: false });
  });
});
