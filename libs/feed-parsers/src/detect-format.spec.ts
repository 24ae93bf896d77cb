import { detectFeedFormat } from './detect-format';
import { FeedStructureError } from './feed-parser';

const detect = (body: string, contentType = 'application/octet-stream') => detectFeedFormat(contentType, Buffer.from(body, 'utf8'));

describe('detectFeedFormat', () => {
  it.each([
    ['camt.052 by namespace', '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"><BkToCstmrAcctRpt/></Document>', 'camt.052'],
    ['camt.053 by namespace', '<?xml version="1.0"?><Document xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">', 'camt.053'],
    ['camt.054 with a prefixed root', '<?xml version="1.0"?>\n<!-- export --><ns2:Document xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:camt.054.001.10">', 'camt.054'],
    ['camt.053 without a namespace, by its message element', '<Document>\n  <BkToCstmrStmt><GrpHdr>', 'camt.053'],
    ['OFX 1.x SGML header', 'OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\n\r\n<OFX><SIGNONMSGSRSV1>', 'ofx'],
    ['OFX 2.x XML', '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE"?>\n<OFX>', 'ofx'],
    ['OFX without a header', '<OFX>\n<BANKMSGSRSV1>', 'ofx'],
    ['MT940 with SWIFT blocks', '{1:F01BANKDEFFAXXX0000000000}{2:I940BANKDEFFXXXXN}{4:\r\n:20:STARTUMSE\r\n:25:10020030/1234567\r\n', 'mt940'],
    ['MT940 bare', ':20:STARTUMSE\n:25:10020030/1234567\n:28C:00001/001\n:60F:C091019EUR0,00\n', 'mt940'],
    ['MT942 by block 2', '{1:F01BANKDEFFAXXX0000000000}{2:O9421200091019BANKDEFFXXXX00000000000910191200N}{4:\n:20:X\n', 'mt942'],
    ['MT942 by its floor limit', ':20:INTRADAY\n:25:10020030/1234567\n:28C:1/1\n:34F:EUR0,\n:13D:0910191200+0100\n', 'mt942'],
    ['BAI2', '01,122099999,123456789,150623,0200,1,,,2/\n02,123456789,122099999,1,150622,,USD,2/\n', 'bai2'],
    ['Berlin Group transactions', '{"account":{"iban":"DE2310010010123456788"},"transactions":{"booked":[]}}', 'berlin-group-json'],
    ['Berlin Group balances', '{ "account": { "iban": "DE2310010010123456788" }, "balances": [ { "balanceType": "closingBooked" } ] }', 'berlin-group-json'],
    ['Kontor JSON', '\ufeff{\n  "entries": [ { "entryId": "a", "transactions": [] } ] }', 'kontor-json'],
  ])('%s', (_, body, format) => {
    expect(detect(body)).toBe(format);
  });

  it('reads CSV only when the content type says so', () => {
    expect(detect('Date;Amount\n2026-11-28;-4,50\n', 'text/csv; charset=utf-8')).toBe('csv');
    expect(detect('Date;Amount\n2026-11-28;-4,50\n', 'text/plain')).toBe('unknown-format');
  });

  it('ignores a key nested deeper than the top level when telling JSON formats apart', () => {
    expect(detect('{"meta":{"entries":[]},"other":1}')).toBe('unknown-format');
  });

  it.each([
    ['plain text', 'hello world'],
    ['an XML document of another kind', '<?xml version="1.0"?><rss version="2.0"><channel/></rss>'],
    ['a pain.001 payment order', '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/>'],
    ['an empty body', '   '],
    ['a JSON array', '[{"entries":[]}]'],
  ])('answers unknown-format for %s', (_, body) => {
    expect(detect(body)).toBe('unknown-format');
  });

  it('refuses XML with a document type declaration before any parser sees it', () => {
    const bomb = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&lol2;</Document>';
    expect(() => detect(bomb)).toThrow(FeedStructureError);
    expect(() => detect(bomb)).toThrow(expect.objectContaining({ reason: 'xml-dtd-forbidden', location: expect.objectContaining({ line: 2 }) }));
  });

  it('refuses UTF-16 as invalid-encoding', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"entries":[]}', 'utf16le')]);
    expect(() => detectFeedFormat('application/json', utf16)).toThrow(expect.objectContaining({ reason: 'invalid-encoding' }));
  });
});
