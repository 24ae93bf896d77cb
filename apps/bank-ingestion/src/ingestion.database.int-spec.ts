import { schemaDiff } from '@kontor/platform-database';
import { testServerUrl } from '@kontor/testing';
import { INGESTION_DATABASE } from './ingestion.database';

describe('bank-ingestion database', () => {
  it('has migrations that produce exactly what its entities describe', async () => {
    const diff = await schemaDiff(testServerUrl(), INGESTION_DATABASE);
    expect(diff.up).toEqual([]);
  });
});
