import { schemaDiff } from '@kontor/platform-database';
import { testServerUrl } from '@kontor/testing';
import { FRAUD_DATABASE } from './fraud.database';

describe('fraud-scoring database', () => {
  it('has migrations that produce exactly what its entities describe', async () => {
    const diff = await schemaDiff(testServerUrl(), FRAUD_DATABASE);
    expect(diff.up).toEqual([]);
  });
});
