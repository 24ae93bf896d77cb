import type { NormalizedTransactionV1 } from '@kontor/contracts';
import { aNormalizedTransaction } from '@kontor/contracts/testing';
import { assessTransaction, ProfilePair } from './assess-transaction';
import { emptyProfile } from './behaviour-profile';
import { BEHAVIOUR_RULE_SET as RULES } from './rule-set';
import { extractFeatures } from './transaction-features';
import * as T from './typologies';

const DAY = 86_400_000;
const START = Date.parse('2026-09-01T10:00:00+02:00');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
let seq = 0;
const tx = (at: number, overrides: Partial<NormalizedTransactionV1> = {}): NormalizedTransactionV1 =>
  aNormalizedTransaction({ transactionId: `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`, occurredAt: iso(at), ...overrides });

/** Forty days of an ordinary Berlin customer: coffee, groceries, in person, daytime, around 5–60 EUR. */
function berliner(): ProfilePair {
  let profiles: ProfilePair = { account: emptyProfile() };
  const merchants = [
    { name: 'Blue Bottle Coffee', mcc: '5814', amounts: ['380', '450', '420'] },
    { name: 'REWE', mcc: '5411', amounts: ['2350', '4120', '3175', '5890'] },
    { name: 'dm drogerie', mcc: '5912', amounts: ['1299', '845'] },
  ];
  for (let day = 0; day < 40; day++) {
    const m = merchants[day % merchants.length];
    const at = START + day * DAY + (day % 5) * 3_600_000;
    const amountMinor = m.amounts[day % m.amounts.length];
    profiles = assessTransaction(tx(at, { amountMinor, merchant: { name: m.name, mcc: m.mcc, city: 'Berlin', country: 'DE' } }), profiles, RULES).next;
  }
  return profiles;
}

const AFTER = START + 41 * DAY;
const ctxFor = (profiles: ProfilePair, t: NormalizedTransactionV1): T.TypologyContext => ({ f: extractFeatures(t), ...profiles, rules: RULES });

describe('typologies', () => {
  const history = berliner();

  describe('cold start (HIGH_AMOUNT, VERY_HIGH_AMOUNT)', () => {
    it('fires for a large amount when there is no history, exactly at the threshold', () => {
      const none = { account: emptyProfile() };
      expect(T.highAmount(ctxFor(none, tx(AFTER, { amountMinor: '50000' })))?.code).toBe('HIGH_AMOUNT');
      expect(T.highAmount(ctxFor(none, tx(AFTER, { amountMinor: '49999' })))).toBeUndefined();
      expect(T.veryHighAmount(ctxFor(none, tx(AFTER, { amountMinor: '200000' })))?.code).toBe('VERY_HIGH_AMOUNT');
    });
    it('stays silent once the customer has history (personal typologies take over)', () => {
      expect(T.highAmount(ctxFor(history, tx(AFTER, { amountMinor: '60000' })))).toBeUndefined();
    });
  });

  describe('AMOUNT_OUTLIER', () => {
    it('fires for groceries ten times the usual', () => {
      const r = T.amountOutlier(ctxFor(history, tx(AFTER, { amountMinor: '45000', merchant: { name: 'REWE', mcc: '5411', city: 'Berlin', country: 'DE' } })));
      expect(r?.code).toBe('AMOUNT_OUTLIER');
      expect(r?.points).toBeGreaterThanOrEqual(RULES.amountOutlier.points);
    });
    it('is silent for a somewhat bigger shop', () => {
      expect(T.amountOutlier(ctxFor(history, tx(AFTER, { amountMinor: '9500', merchant: { name: 'REWE', mcc: '5411', city: 'Berlin', country: 'DE' } })))).toBeUndefined();
    });
    it('keys merchants by the normalizer display name when present, else by the merchant name', () => {
      expect(extractFeatures(tx(AFTER, { displayName: 'Blue Bottle Coffee', merchant: { name: 'SQ *BLUE BTL 0412', mcc: '5814' } })).merchantKey).toBe('blue bottle coffee');
      expect(extractFeatures(tx(AFTER, { merchant: { name: 'SQ *BLUE BTL  0412', mcc: '5814' } })).merchantKey).toBe('sq *blue btl 0412');
    });
    it('uses the normalizer category when present instead of the MCC', () => {
      const f = extractFeatures(tx(AFTER, { category: { primary: 'food', detailed: 'food.groceries', source: 'mcc' }, merchant: { name: 'X', mcc: '5999' } }));
      expect(f.amountKey).toBe('EUR:food:food.groceries');
      expect(extractFeatures(tx(AFTER, { merchant: { name: 'X', mcc: '5999' } })).amountKey).toBe('EUR:shopping:mcc5999');
    });
  });

  describe('NEW_MERCHANT_HIGH_AMOUNT', () => {
    it('fires for a high amount at an unknown merchant, more online', () => {
      const inPerson = T.newMerchantHighAmount(ctxFor(history, tx(AFTER, { amountMinor: '89900', merchant: { name: 'Saturn', mcc: '5732', city: 'Berlin', country: 'DE' } })));
      const online = T.newMerchantHighAmount(ctxFor(history, tx(AFTER, { amountMinor: '89900', cardPresent: false, merchant: { name: 'Saturn', mcc: '5732', city: 'Berlin', country: 'DE' } })));
      expect(inPerson?.code).toBe('NEW_MERCHANT_HIGH_AMOUNT');
      expect(online!.points).toBeGreaterThan(inPerson!.points);
    });
    it('is silent at a known merchant or for a small amount', () => {
      expect(T.newMerchantHighAmount(ctxFor(history, tx(AFTER, { amountMinor: '89900', merchant: { name: 'REWE', mcc: '5411', city: 'Berlin', country: 'DE' } })))).toBeUndefined();
      expect(T.newMerchantHighAmount(ctxFor(history, tx(AFTER, { amountMinor: '1500', merchant: { name: 'Kiosk', mcc: '5994', city: 'Berlin', country: 'DE' } })))).toBeUndefined();
    });
  });

  describe('NEW_COUNTRY', () => {
    it('fires for a first payment in France, with the country in the sentence', () => {
      const r = T.newCountry(ctxFor(history, tx(AFTER, { merchant: { name: 'Café', mcc: '5814', city: 'Paris', country: 'FR' } })));
      expect(r?.code).toBe('NEW_COUNTRY');
      expect(r?.messageEn).toContain('FR');
      expect(r?.messageDe).toContain('FR');
    });
    it('is silent at home', () => {
      expect(T.newCountry(ctxFor(history, tx(AFTER)))).toBeUndefined();
    });
  });

  describe('IMPOSSIBLE_TRAVEL', () => {
    const last = START + 39 * DAY + 4 * 3_600_000; // the history's last in-person payment, in Berlin
    it('fires for Berlin then New York (card present) within two hours', () => {
      const r = T.impossibleTravel(ctxFor(history, tx(last + 2 * 3_600_000, { merchant: { name: 'Deli', mcc: '5812', city: 'New York', country: 'US' } })));
      expect(r?.code).toBe('IMPOSSIBLE_TRAVEL');
      expect(r?.messageEn).toMatch(/\d+ km/);
    });
    it('is silent for a flight-length gap, a nearby city, or an online payment', () => {
      expect(T.impossibleTravel(ctxFor(history, tx(last + 12 * 3_600_000, { merchant: { name: 'Deli', mcc: '5812', city: 'New York', country: 'US' } })))).toBeUndefined();
      expect(T.impossibleTravel(ctxFor(history, tx(last + 2 * 3_600_000, { merchant: { name: 'Bäcker', mcc: '5462', city: 'Leipzig', country: 'DE' } })))).toBeUndefined();
      expect(T.impossibleTravel(ctxFor(history, tx(last + 600_000, { cardPresent: false, merchant: { name: 'Shop', mcc: '5999', city: 'New York', country: 'US' } })))).toBeUndefined();
    });
    it('falls back to the country centroid for a city it does not know', () => {
      expect(T.impossibleTravel(ctxFor(history, tx(last + 3_600_000, { merchant: { name: 'Bar', mcc: '5813', city: 'Nowhere', country: 'AU' } })))?.code).toBe('IMPOSSIBLE_TRAVEL');
    });
  });

  describe('CARD_TESTING', () => {
    const run = (amounts: string[], gapMs: number) => {
      let p = history;
      let last: T.TypologyContext | undefined;
      amounts.forEach((amountMinor, i) => {
        const t = tx(AFTER + i * gapMs, { amountMinor, cardPresent: false, merchant: { name: `Shop ${i}`, mcc: '5999' } });
        last = ctxFor(p, t);
        p = assessTransaction(t, p, RULES).next;
      });
      return T.cardTesting(last!);
    };
    it('fires on the third small online attempt within an hour, and on the big one after the tests', () => {
      expect(run(['100', '50', '99'], 60_000)?.code).toBe('CARD_TESTING');
      expect(run(['100', '50', '99', '49900'], 60_000)?.points).toBe(RULES.cardTesting.spendAfterTestPoints);
    });
    it('is silent for two small attempts, or small ones spread over days', () => {
      expect(run(['100', '50'], 60_000)).toBeUndefined();
      expect(run(['100', '50', '99'], DAY)).toBeUndefined();
    });
  });

  describe('VELOCITY_BURST', () => {
    const burst = (n: number, gapMs: number) => {
      let p = history;
      let ctx: T.TypologyContext | undefined;
      for (let i = 0; i < n; i++) {
        const t = tx(AFTER + i * gapMs, { amountMinor: '2500', merchant: { name: `Shop ${i}`, mcc: '5651', city: 'Berlin', country: 'DE' } });
        ctx = ctxFor(p, t);
        p = assessTransaction(t, p, RULES).next;
      }
      return T.velocityBurst(ctx!);
    };
    it('fires for five payments within ten minutes', () => expect(burst(5, 60_000)?.code).toBe('VELOCITY_BURST'));
    it('is silent for five payments over a day', () => expect(burst(5, 4 * 3_600_000)).toBeUndefined());
  });

  describe('DORMANT_THEN_ACTIVE', () => {
    it('fires after 120 days of silence and says how long', () => {
      const r = T.dormancy(ctxFor(history, tx(AFTER + 120 * DAY)));
      expect(r?.code).toBe('DORMANT_THEN_ACTIVE');
      expect(r?.messageEn).toMatch(/\d+ days/);
    });
    it('is silent after a week, and for a first-ever payment', () => {
      expect(T.dormancy(ctxFor(history, tx(AFTER + 7 * DAY)))).toBeUndefined();
      expect(T.dormancy(ctxFor({ account: emptyProfile() }, tx(AFTER)))).toBeUndefined();
    });
  });

  describe('UNUSUAL_HOUR', () => {
    it('fires at 03:00 local for a daytime customer, silent at their usual hour', () => {
      expect(T.unusualHour(ctxFor(history, tx(AFTER, { occurredAt: '2026-10-12T03:10:00+02:00' })))?.code).toBe('UNUSUAL_HOUR');
      expect(T.unusualHour(ctxFor(history, tx(AFTER, { occurredAt: '2026-10-12T11:10:00+02:00' })))).toBeUndefined();
    });
    it('reads the hour in the zone the timestamp states', () => {
      expect(extractFeatures(tx(AFTER, { occurredAt: '2026-10-12T01:10:00Z' })).hour).toBe(1);
      expect(extractFeatures(tx(AFTER, { occurredAt: '2026-10-12T01:10:00-05:00' })).hour).toBe(1);
    });
    it('needs enough history', () => {
      expect(T.unusualHour(ctxFor({ account: emptyProfile() }, tx(AFTER, { occurredAt: '2026-10-12T03:10:00+02:00' })))).toBeUndefined();
    });
  });

  describe('CASH_OUT', () => {
    it('fires for a round 1,000 EUR at an ATM by a customer who never withdraws', () => {
      expect(T.cashOut(ctxFor(history, tx(AFTER, { amountMinor: '100000', merchant: { name: 'ATM', mcc: '6011', city: 'Berlin', country: 'DE' } })))?.code).toBe('CASH_OUT');
    });
    it('fires for a round money transfer (MCC 4829)', () => {
      expect(T.cashOut(ctxFor(history, tx(AFTER, { amountMinor: '50000', cardPresent: false, merchant: { name: 'Wire Co', mcc: '4829' } })))?.code).toBe('CASH_OUT');
    });
    it('is silent for an ordinary 50 EUR withdrawal and a non-round transfer', () => {
      expect(T.cashOut(ctxFor(history, tx(AFTER, { amountMinor: '5000', merchant: { name: 'ATM', mcc: '6011', city: 'Berlin', country: 'DE' } })))).toBeUndefined();
      expect(T.cashOut(ctxFor(history, tx(AFTER, { amountMinor: '31337', merchant: { name: 'Wire Co', mcc: '4829' } })))).toBeUndefined();
    });
  });

  describe('RISKY_MERCHANT_CATEGORY', () => {
    it('fires the first time at a casino, not for a customer who gambles regularly', () => {
      const casino = (at: number) => tx(at, { amountMinor: '2000', cardPresent: false, merchant: { name: 'Casino', mcc: '7995' } });
      expect(T.riskyMerchantCategory(ctxFor(history, casino(AFTER)))?.code).toBe('RISKY_MERCHANT_CATEGORY');
      let p = history;
      for (let i = 0; i < 3; i++) p = assessTransaction(casino(AFTER + i * DAY), p, RULES).next;
      expect(T.riskyMerchantCategory(ctxFor(p, casino(AFTER + 5 * DAY)))).toBeUndefined();
    });
  });

  it('every typology gives an English and a German sentence', () => {
    const all = [
      T.highAmount(ctxFor({ account: emptyProfile() }, tx(AFTER, { amountMinor: '900000' }))),
      T.newCountry(ctxFor(history, tx(AFTER, { merchant: { name: 'C', city: 'Rome', country: 'IT' } }))),
      T.dormancy(ctxFor(history, tx(AFTER + 200 * DAY))),
    ];
    for (const r of all) {
      expect(r?.messageEn.length).toBeGreaterThan(10);
      expect(r?.messageDe.length).toBeGreaterThan(10);
      expect(r?.messageDe).not.toBe(r?.messageEn);
    }
  });
});
