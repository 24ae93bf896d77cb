import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AccountLinkingService, ConsentForm } from './account-linking.service';
import { CONSENT_SCOPES } from './customer-consent.entity';

const escape = (value: string) => value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const SCOPE_LABELS: Record<(typeof CONSENT_SCOPES)[number], string> = {
  balances: 'Balances',
  transactions: 'Transactions',
  receipts: 'Receipts and shipping updates',
  fraud_alerts: 'Fraud alerts',
};

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}
label{display:block;margin:.4rem 0}textarea,input[type=text],input[type=number]{width:100%;box-sizing:border-box}button{margin:.8rem .4rem 0 0;padding:.5rem 1rem}</style></head>
<body><h1>${escape(title)}</h1>${body}</body></html>`;
}

/**
 * The bank-side consent page the account_link button opens: a stand-in for the bank's own login and
 * consent screen (there is no bank login here; a real bank authenticates the customer first). The
 * customer names the accounts, ticks the scopes (none preselected) and the expiry (90 days by default);
 * "Allow" sends the browser back to Messenger's redirect_uri with a one-time authorization code.
 */
@Controller('link')
export class ConsentPageController {
  constructor(private readonly linking: AccountLinkingService) {}

  @Get(':id')
  async show(@Param('id') id: string, @Query('redirect_uri') redirectUri: string | undefined, @Res() response: Response): Promise<void> {
    // form-action also governs where the form's redirect may go (Chromium enforces it): Messenger's origins.
    response.setHeader('Content-Security-Policy', `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${this.linking.allowedRedirectOrigins.join(' ')}; frame-ancestors 'none'`);
    response.setHeader('Cache-Control', 'no-store');
    if (!redirectUri || !this.linking.redirectAllowed(redirectUri)) {
      response.status(400).type('html').send(page('Link your bank', '<p>This link is not valid: open it from Messenger.</p>'));
      return;
    }
    if (!(await this.linking.pending(id))) {
      response.status(410).type('html').send(page('Link your bank', '<p>This link has expired. Ask Kontor in Messenger for a new one.</p>'));
      return;
    }
    const scopes = CONSENT_SCOPES.map((s) => `<label><input type="checkbox" name="scopes" value="${s}"> ${escape(SCOPE_LABELS[s])}</label>`).join('');
    response.status(200).type('html').send(
      page(
        'Allow Kontor to show your accounts in Messenger',
        `<form method="post" action="/link/${escape(encodeURIComponent(id))}">
<input type="hidden" name="redirect_uri" value="${escape(redirectUri)}">
<label>Bank <input type="text" name="bank_id" required pattern="[A-Za-z0-9._-]{1,64}" value="demo-bank"></label>
<label>Accounts (IBAN or account number, one per line) <textarea name="accounts" rows="3" required></textarea></label>
<fieldset><legend>What Kontor may show you</legend>${scopes}</fieldset>
<label>Valid for (days) <input type="number" name="days" min="1" max="365" value="90"></label>
<button type="submit" name="action" value="allow">Allow</button><button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</form><p>You can revoke this consent at any time by writing "unlink" in Messenger.</p>`,
      ),
    );
  }

  @Post(':id')
  async submit(@Param('id') id: string, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    const value = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const list = (name: string) => (Array.isArray(body[name]) ? (body[name] as unknown[]).filter((v): v is string => typeof v === 'string') : value(name) ? [value(name)] : []);
    const form: ConsentForm | undefined =
      value('action') === 'cancel'
        ? undefined
        : { bankId: value('bank_id').trim(), accountIds: value('accounts').split(/[\n,;]+/).map((a) => a.trim()).filter(Boolean), scopes: list('scopes'), validForDays: Number(value('days') || 90) };
    const result = await this.linking.submit(id, value('redirect_uri'), form);
    if ('redirect' in result) {
      response.redirect(303, result.redirect);
      return;
    }
    const message =
      result.problem === 'invalid-form' ? 'Choose at least one account and one scope, and a validity of 1 to 365 days.' : result.problem === 'invalid-redirect' ? 'This link is not valid: open it from Messenger.' : 'This link has expired. Ask Kontor in Messenger for a new one.';
    response.status(result.problem === 'unknown-or-expired' ? 410 : 400).type('html').send(page('Link your bank', `<p>${escape(message)}</p>`));
  }
}
