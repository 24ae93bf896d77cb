import { accessLogReply, accountLinkedReply, accountLinkFailedReply, accountLinkingReply, consentExpiringReply, consentListReply, consentRequiredReply, nothingToRevokeReply, revokeConfirmationReply } from './consent-replies';
import { nothingFoundReply } from './conversation-replies';
import { maskedAccount } from './masked';
import { messengerLimitViolations } from './messenger-limits';

const consent = (n: number) => ({
  consentId: `c${n}`,
  bankName: n === 1 ? 'Demo Bank' : `Sparkasse Musterstadt ${n}`,
  accounts: [maskedAccount('DE89 •••• 3000')],
  scopes: ['balances' as const, 'fraud_alerts' as const],
  expiresAt: '2027-03-01T00:00:00Z',
});

describe('consentListReply', () => {
  it('lists consents with a revoke quick reply each', () => {
    expect(consentListReply({ locale: 'en', consents: [consent(1)] })).toEqual({
      text: 'You have allowed Kontor to use:\n• Demo Bank (DE89 •••• 3000): balances, fraud alerts — until 1 Mar 2027\nTap one to revoke it.',
      quick_replies: [
        { content_type: 'text', title: 'Revoke Demo Bank', payload: 'CONSENT_REVOKE|c1' },
        { content_type: 'text', title: 'Link my bank', payload: 'INTENT|link_account' },
      ],
    });
    expect(consentListReply({ locale: 'de', consents: [consent(1)] }).text).toBe(
      'Sie haben Kontor erlaubt:\n• Demo Bank (DE89 •••• 3000): Kontostände, Betrugswarnungen – bis 1. März 2027\nTippen Sie auf eine Einwilligung, um sie zu widerrufen.',
    );
  });

  it('keeps to 13 quick replies and 20-character titles', () => {
    const reply = consentListReply({ locale: 'de', consents: Array.from({ length: 20 }, (_, i) => consent(i + 2)) });
    expect(reply.quick_replies).toHaveLength(13);
    expect(messengerLimitViolations(reply)).toEqual([]);
    expect(reply.quick_replies![0]).toEqual({ content_type: 'text', title: 'Sparkasse Mustersta…', payload: 'CONSENT_REVOKE|c2' });
  });

  it('offers linking when there is no consent', () => {
    expect(consentListReply({ locale: 'en', consents: [] })).toEqual({
      text: 'You have not linked a bank. Kontor can show nothing until you do.',
      quick_replies: [{ content_type: 'text', title: 'Link my bank', payload: 'INTENT|link_account' }],
    });
  });
});

describe('accountLinkingReply', () => {
  it('is a button template with an account_link button', () => {
    const message = accountLinkingReply({ locale: 'en', linkUrl: 'https://kontor.example/link?session=abc' });
    expect(message.attachment.payload).toEqual({
      template_type: 'button',
      text: expect.stringMatching(/^Link your bank/),
      buttons: [{ type: 'account_link', url: 'https://kontor.example/link?session=abc' }],
    });
    expect(messengerLimitViolations(message)).toEqual([]);
    expect(() => accountLinkingReply({ locale: 'en', linkUrl: 'javascript:alert(1)' })).toThrow();
  });
});

describe('revoke and consent-required replies', () => {
  it('confirm a revocation and explain a missing consent', () => {
    expect(revokeConfirmationReply({ locale: 'de', bankName: 'Demo Bank' }).text).toBe('Erledigt: Kontor nutzt Ihre Daten von Demo Bank nicht mehr. Sie können die Bank jederzeit wieder verknüpfen.');
    expect(consentRequiredReply({ locale: 'en', scope: 'receipts' }).text).toBe('To show you receipts and shipping, Kontor needs your consent. Link your bank and allow receipts and shipping.');
  });
});

describe('accessLogReply', () => {
  it('answers "what did you access?" with time, scope, account and purpose', () => {
    const entries = [
      { at: '2026-12-01T09:30:00Z', scope: 'balances' as const, consentId: 'c1', purpose: 'balance', accountMasked: maskedAccount('DE89 •••• 3000') },
      { at: '2026-11-30T18:02:00Z', scope: 'fraud_alerts' as const, consentId: 'c1', purpose: 'fraud alert' },
    ];
    expect(accessLogReply({ locale: 'en', entries }).text).toBe(
      'This is what Kontor read from your bank data:\n• 1 Dec, 09:30: balances of DE89 •••• 3000 for “balance”\n• 30 Nov, 18:02: fraud alerts for “fraud alert”',
    );
    expect(accessLogReply({ locale: 'de', entries, timeZone: 'Europe/Berlin' }).text).toMatch(/^Das hat Kontor aus Ihren Bankdaten gelesen:\n• 1\. Dez\., 10:30: Kontostände von DE89 •••• 3000 für „balance“/);
    expect(accessLogReply({ locale: 'en', entries: [] }).text).toBe('Kontor has not read any of your bank data.');
  });
});

describe('linking outcomes, reminders and empty answers', () => {
  const account = maskedAccount('DE89 •••• 3000');

  it('confirms a link with accounts, scopes in words and the expiry date', () => {
    const en = accountLinkedReply({ locale: 'en', accounts: [account], scopes: ['balances', 'receipts'], expiresAt: '2027-03-01T00:00:00Z' });
    expect(en.text).toBe('Linked: DE89 •••• 3000. Kontor may use balances, receipts and shipping until 1 Mar 2027.');
    expect(en.quick_replies!.map((q) => q.payload)).toEqual(['INTENT|balance', 'INTENT|list_consents', 'INTENT|help']);
    expect(accountLinkedReply({ locale: 'de', accounts: [account], scopes: ['fraud_alerts'], expiresAt: '2027-03-01T00:00:00Z' }).text).toBe('Verknüpft: DE89 •••• 3000. Kontor darf Betrugswarnungen nutzen, bis 1. März 2027.');
  });

  it('offers to link again after a failed link, a reminder and an empty revoke', () => {
    for (const message of [accountLinkFailedReply('en'), consentExpiringReply({ locale: 'en', accountMasked: account, expiresAt: '2026-12-05T00:00:00Z' }), nothingToRevokeReply('en')]) {
      expect(message.quick_replies!.map((q) => q.payload)).toEqual(['INTENT|link_account']);
      expect(messengerLimitViolations(message)).toEqual([]);
    }
    expect(consentExpiringReply({ locale: 'de', accountMasked: account, expiresAt: '2026-12-05T00:00:00Z' }).text).toBe('Ihre Einwilligung für DE89 •••• 3000 endet am 5. Dez. 2026. Verknüpfen Sie Ihre Bank erneut, um Kontor weiter zu nutzen.');
    expect(nothingToRevokeReply('de').text).toBe('Es gab nichts zu widerrufen.');
    expect(nothingFoundReply('en').text).toBe('I found nothing for that.');
  });
});
