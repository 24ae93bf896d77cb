import { FeedEntryReceivedV1, FraudAlertRaisedV1, NormalizedTransactionV1 } from './index';
import { aFeedEntryReceived, aFraudAlertRaised, aNormalizedTransaction } from './testing';
import { conformsTo, ContractViolationError, decodeMessage, parseContract } from './validation';

describe('contract validation', () => {
  it('accepts what the builders build', () => {
    expect(conformsTo(FeedEntryReceivedV1, aFeedEntryReceived())).toBe(true);
    expect(conformsTo(NormalizedTransactionV1, aNormalizedTransaction())).toBe(true);
    expect(conformsTo(FraudAlertRaisedV1, aFraudAlertRaised())).toBe(true);
  });

  it('lists every violation with its path, nested ones included', () => {
    let error: unknown;
    try {
      parseContract(NormalizedTransactionV1, aNormalizedTransaction({ amountMinor: '12.50', currency: 'EURO', merchant: { name: '' } }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContractViolationError);
    const problems = (error as ContractViolationError).problems.join('\n');
    expect(problems).toContain('amountMinor');
    expect(problems).toContain('currency');
    expect(problems).toContain('merchant.name');
  });

  it('refuses unknown properties, so nothing (a PAN, say) rides along unnoticed', () => {
    expect(conformsTo(FeedEntryReceivedV1, { ...aFeedEntryReceived(), pan: '4111111111111111' })).toBe(false);
    expect(conformsTo(FeedEntryReceivedV1, { ...aFeedEntryReceived(), card: { token: 'card_test000000000000001', last4: '1111', pan: '4111111111111111' } })).toBe(false);
  });

  it('refuses amounts as JSON numbers: money travels as strings', () => {
    expect(conformsTo(NormalizedTransactionV1, { ...aNormalizedTransaction(), amountMinor: 4250 })).toBe(false);
  });

  it('decodes Kafka values and names what is wrong with them', () => {
    expect(decodeMessage(FeedEntryReceivedV1, Buffer.from(JSON.stringify(aFeedEntryReceived())))).toBeInstanceOf(FeedEntryReceivedV1);
    expect(() => decodeMessage(FeedEntryReceivedV1, Buffer.from('{not json'))).toThrow('not valid JSON');
    expect(() => decodeMessage(FeedEntryReceivedV1, null)).toThrow('no value');
    expect(() => decodeMessage(FeedEntryReceivedV1, Buffer.from('[]'))).toThrow('must be a JSON object');
  });
});
