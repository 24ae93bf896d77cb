/**
 * Kontor's two-level category taxonomy: `<primary>.<detail>`. Documented in docs/normalization.md; every
 * category a rule names must be listed here (a unit test checks it).
 */
export const CATEGORY_TAXONOMY = {
  food: ['groceries', 'restaurants', 'coffee', 'fast_food', 'delivery', 'bars'],
  shopping: ['general', 'clothing', 'electronics', 'home', 'online_marketplace', 'books', 'sports'],
  transport: ['public_transport', 'taxi_rideshare', 'fuel', 'parking', 'car_rental', 'tolls', 'ev_charging'],
  travel: ['flights', 'lodging', 'rail', 'travel_agency'],
  bills: ['utilities', 'telecom', 'insurance', 'subscriptions'],
  entertainment: ['streaming', 'events', 'gaming', 'gambling'],
  housing: ['rent', 'mortgage'],
  health: ['pharmacy', 'medical', 'fitness'],
  cash: ['atm', 'deposit'],
  transfers: ['outgoing', 'incoming', 'p2p'],
  income: ['salary', 'interest', 'refund', 'benefits', 'other'],
  fees: ['bank', 'interest_charged'],
  government: ['tax', 'fines'],
  education: ['tuition'],
  other: ['uncategorized'],
} as const satisfies Record<string, readonly string[]>;

export type PrimaryCategory = keyof typeof CATEGORY_TAXONOMY;
export type DetailedCategory = { [P in PrimaryCategory]: `${P}.${(typeof CATEGORY_TAXONOMY)[P][number]}` }[PrimaryCategory];

export const ALL_DETAILED_CATEGORIES: readonly DetailedCategory[] = (Object.keys(CATEGORY_TAXONOMY) as PrimaryCategory[]).flatMap((primary) =>
  CATEGORY_TAXONOMY[primary].map((detail) => `${primary}.${detail}` as DetailedCategory),
);
