import { schemaDiff } from '@kontor/platform-database';
import { testServerUrl } from '@kontor/testing';
import { GATEWAY_DATABASE } from './gateway.database';

describe('messenger-gateway database', () => {
  it('has migrations that produce exactly what its entities describe', async () => {
    const diff = await schemaDiff(testServerUrl(), GATEWAY_DATABASE);
    expect(diff.up).toEqual([]);
  });
});
