import type { FeedFormat } from '@kontor/contracts';
import { FeedItem, FeedParser, FeedStructureError, ParseOptions, StatementBalance } from '@kontor/feed-parsers';

/**
 * Test-only stand-in for the format parsers (camt, MT940, BAI2 …, written separately against FeedParser):
 * a trivial line format that exercises everything the pipeline does with statements, balances, entry
 * errors and structural errors. Lines, `|`-separated:
 *   S|account|statementRef                       a statement begins
 *   B|balanceType|amount|currency|CRDT/DBIT|date   a stated balance
 *   E|account|amount|currency|CRDT/DBIT|date[|description[|pan]]
 *   X|reason|detail                                an entry the format could not read
 *   !                                              the file is broken here
 * The first line is a header (`01,…` so detection sees BAI2). For `csv`, the profile must be given.
 */
export class LineFeedParser implements FeedParser {
  constructor(readonly format: FeedFormat = 'bai2') {}

  async *parse(chunks: AsyncIterable<Buffer>, options: ParseOptions = {}): AsyncIterable<FeedItem> {
    if (this.format === 'csv' && !options.csvProfile) throw new FeedStructureError('missing-csv-profile', 'no profile');
    let rest = '';
    let line = 0;
    let statement: { accountId: string; statementRef: string } | undefined;
    const handle = (text: string): FeedItem | undefined => {
      line++;
      if (line === 1 || text.trim() === '') return undefined;
      const [kind, ...f] = text.split('|');
      const location = { line };
      switch (kind) {
        case 'S':
          statement = { accountId: f[0], statementRef: f[1] };
          return { kind: 'statement', accountId: f[0], statementRef: f[1], location };
        case 'B':
          return {
            kind: 'balance',
            balance: { accountId: statement?.accountId ?? '', statementRef: statement?.statementRef, balanceType: f[0] as StatementBalance['balanceType'], amount: f[1], currency: f[2], creditDebit: f[3] as 'CRDT', asOfDate: f[4] },
            location,
          };
        case 'E':
          return {
            kind: 'entry',
            entry: {
              accountId: f[0],
              amount: f[1],
              currency: f[2],
              creditDebit: f[3] as 'CRDT',
              status: 'booked',
              bookingDate: f[4],
              bankEntryId: `line-${line}`,
              statementRef: statement?.statementRef,
              ...(f[5] && { description: f[5] }),
              ...(f[6] && { card: { pan: f[6] } }),
            },
            location,
          };
        case 'X':
          return { kind: 'entry-error', reason: f[0] as 'invalid-entry', detail: f[1], location };
        default:
          throw new FeedStructureError('malformed-record', `unknown record ${JSON.stringify(kind)}`, { line });
      }
    };
    for await (const chunk of chunks) {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const text of lines) {
        const item = handle(text);
        if (item) yield item;
      }
    }
    const last = handle(rest);
    if (last) yield last;
  }
}
