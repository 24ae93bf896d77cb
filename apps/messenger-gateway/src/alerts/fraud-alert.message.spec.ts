import { aFraudAlertRaised } from '@kontor/contracts/testing';
import { fraudAlertMessage } from './fraud-alert.message';

describe('fraudAlertMessage', () => {
  const alert = aFraudAlertRaised({ amountMinor: '249900', currency: 'EUR', merchantName: 'Lucky Star Casino' });

  it('builds a tagged Send API request with reasons and feedback quick replies', () => {
    expect(fraudAlertMessage(alert, 'PSID-1', 'en')).toEqual({
      recipient: { id: 'PSID-1' },
      messaging_type: 'MESSAGE_TAG',
      tag: 'ACCOUNT_UPDATE',
      message: {
        text:
          'Kontor security check: a payment of €2,499.00 at Lucky Star Casino with your card ending 1111 looks unusual.\n' +
          '• The amount is unusually high.\n' +
          'Was this you?',
        metadata: `kontor-push:${alert.alertId}`,
        quick_replies: [
          { content_type: 'text', title: 'It was me', payload: `FRAUD_FEEDBACK|${alert.alertId}|GENUINE` },
          { content_type: 'text', title: 'Not me', payload: `FRAUD_FEEDBACK|${alert.alertId}|FRAUD` },
        ],
      },
    });
  });

  it('speaks German', () => {
    const body = fraudAlertMessage(alert, 'PSID-1', 'de') as { message: { text: string } };
    expect(body.message.text).toContain('2.499,00');
    expect(body.message.text).toContain('Der Betrag ist ungewöhnlich hoch.');
    expect(body.message.text).toContain('Waren Sie das?');
    expect((body as unknown as { message: { quick_replies: unknown[] } }).message.quick_replies).toEqual([
      { content_type: 'text', title: 'Das war ich', payload: `FRAUD_FEEDBACK|${alert.alertId}|GENUINE` },
      { content_type: 'text', title: 'Das war ich nicht', payload: `FRAUD_FEEDBACK|${alert.alertId}|FRAUD` },
    ]);
  });

  it('never includes the account reference or card token', () => {
    const json = JSON.stringify(fraudAlertMessage(alert, 'PSID-1', 'en'));
    expect(json).not.toContain(alert.accountRef);
    expect(json).not.toContain(alert.card!.token);
  });

  it('shows at most three reasons', () => {
    const reason = alert.reasons[0];
    const many = aFraudAlertRaised({ reasons: [1, 2, 3, 4].map((n) => ({ ...reason, code: `R_${n}`, messageEn: `reason ${n}` })) });
    const text = (fraudAlertMessage(many, 'P', 'en') as { message: { text: string } }).message.text;
    expect(text).toContain('reason 3');
    expect(text).not.toContain('reason 4');
  });
});
