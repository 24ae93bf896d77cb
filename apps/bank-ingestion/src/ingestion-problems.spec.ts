import { FeedStructureError } from '@kontor/feed-parsers';
import { ProblemException } from '@kontor/platform-runtime';
import { structureProblem, withoutPans } from './ingestion-problems';

const PAN = '4111111111111111';

describe('ingestion problems', () => {
  it('maps a structural error to its status with the location, masking any PAN the parser quoted', () => {
    const mapped = structureProblem(new FeedStructureError('malformed-xml', `unexpected text "${PAN}"`, { line: 7, element: 'Document/BkToCstmrStmt' }));
    expect(mapped.getStatus()).toBe(400);
    expect(mapped.reason).toBe('malformed-xml');
    expect(mapped.detail).toContain('•••• 1111');
    expect(mapped.detail).not.toContain(PAN);
    expect(mapped.extensions).toEqual({ location: { line: 7, element: 'Document/BkToCstmrStmt' } });
    expect(structureProblem(new FeedStructureError('unknown-format', 'x')).getStatus()).toBe(415);
    expect(structureProblem(new FeedStructureError('missing-csv-profile', 'x')).getStatus()).toBe(422);
  });

  it('masks PANs in unexpected errors before they are logged, and leaves problems alone', () => {
    const sanitized = withoutPans(new TypeError(`cannot read ${PAN}`)) as Error;
    expect(sanitized.message).toBe('cannot read •••• 1111');
    expect(sanitized.stack).not.toContain(PAN);
    const problem = new ProblemException(403, 'account-not-permitted', 't');
    expect(withoutPans(problem)).toBe(problem);
  });
});
