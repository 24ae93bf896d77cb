import { fraudAlertReply, fraudFeedbackAcknowledgementReply } from './fraud-alert-reply';
import { cardLastFour } from './masked';
import { messengerLimitViolations } from './messenger-limits';

const reasons = [
  { code: 'HIGH_AMOUNT', points: 300, messageEn: 'The amount is unusually high.', messageDe: 'Der Betrag ist ungewöhnlich hoch.' },
  { code: 'RISKY_MERCHANT_CATEGORY', points: 250, messageEn: 'The merchant is in a risky category.', messageDe: 'Der Händler gehört zu einer riskanten Branche.' },
  { code: 'CARD_NOT_PRESENT', points: 100, messageEn: 'The card was not present.', messageDe: 'Die Karte lag nicht vor.' },
  { code: 'NIGHT_TIME', points: 50, messageEn: 'It happened at night.', messageDe: 'Es geschah nachts.' },
];
const input = { alertId: '0b7d8f52-3f8e-5a51-9a4e-7f1d2c3b4a59', merchantName: 'Lucky Star Casino', amount: { amountMinor: '249900', currency: 'EUR', currencyExponent: 2 }, cardLastFour: cardLastFour('1111'), reasons };

describe('fraudAlertReply', () => {
  it('names merchant, amount, card last four and the top three reasons, with "It was me" / "Not me"', () => {
    const message = fraudAlertReply({ ...input, locale: 'en' });
    expect(message).toEqual({
      text:
        'Kontor security check: a payment of €2,499.00 at Lucky Star Casino with your card ending 1111 looks unusual.\n' +
        '• The amount is unusually high.\n• The merchant is in a risky category.\n• The card was not present.\nWas this you?',
      quick_replies: [
        { content_type: 'text', title: 'It was me', payload: `FRAUD_FEEDBACK|${input.alertId}|GENUINE` },
        { content_type: 'text', title: 'Not me', payload: `FRAUD_FEEDBACK|${input.alertId}|FRAUD` },
      ],
    });
    expect(messengerLimitViolations(message)).toEqual([]);
  });

  it('speaks German with "Das war ich" / "Das war ich nicht"', () => {
    const message = fraudAlertReply({ ...input, locale: 'de', reasons: reasons.slice(0, 1) });
    expect(message.text).toBe('Kontor-Sicherheitscheck: Eine Zahlung über 2.499,00\u00a0€ bei Lucky Star Casino mit Ihrer Karte mit der Endung 1111 wirkt ungewöhnlich.\n• Der Betrag ist ungewöhnlich hoch.\nWaren Sie das?');
    expect(message.quick_replies!.map((q) => q.title)).toEqual(['Das war ich', 'Das war ich nicht']);
  });

  it('leaves out what it does not know', () => {
    expect(fraudAlertReply({ locale: 'en', alertId: 'a1', amount: input.amount, reasons: reasons.slice(0, 1) }).text).toMatch(/^Kontor security check: a payment of €2,499\.00 looks unusual\./);
  });

  it('acknowledges the answer', () => {
    expect(fraudFeedbackAcknowledgementReply({ locale: 'en', verdict: 'fraud' }).text).toMatch(/told your bank/);
    expect(fraudFeedbackAcknowledgementReply({ locale: 'de', verdict: 'genuine' }).text).toMatch(/^Danke für die Bestätigung/);
  });
});
