import { schemaDiff } from '@kontor/platform-database';
import { testServerUrl } from '@kontor/testing';
import { NORMALIZER_DATABASE } from './normalizer.database';

describe('transaction-normalizer database', () => {
  it('has migrations that produce exactly what its entities describe', async () => {
    const diff = await schemaDiff(testServerUrl(), NORMALIZER_DATABASE);
    expect(diff.up).toEqual([]);
  });
});
