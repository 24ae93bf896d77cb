import { damerauLevenshtein } from './damerau-levenshtein';
import { ConversationLocale, IntentName, IntentSlots, Period, RecognizedIntent, RecognizeOptions } from './intent.types';
import { hasGermanLetters, Token, tokenize } from './text-normalization';
import { CATEGORY_WORDS, COMMON_WORDS, Concept, FUZZY_CANDIDATES, MONTH_WORDS, NUMBER_WORDS, VOCABULARY, VocabularyEntry, WordLanguage } from './vocabulary';

/** A token with what it was recognised as. `edits` > 0 means it was corrected from a typo. */
interface AnalysedToken extends Token {
  /** The vocabulary word it matched (itself, or the corrected spelling). */
  word?: string;
  concepts: Set<Concept>;
  month?: number;
  category?: string;
  number?: number;
  edits: number;
  language?: WordLanguage;
}

/** Words that, when written apart, mean one thing ("log in", "sign up", "wie viel"). */
const JOINED: Readonly<Record<string, string>> = { 'log in': 'login', 'log on': 'login', 'sign in': 'login', 'sign up': 'login', 'opt out': 'optout', 'look up': 'lookup', 'how to': 'howto' };

/** Concepts that name a banking subject; fraud feedback in free text only counts when none is present. */
const SUBJECT_CONCEPTS: readonly Concept[] = ['balance', 'transactions', 'spend', 'category', 'receipt', 'shipping', 'order', 'link', 'linked', 'unlink', 'consent', 'access', 'help'];

function allowedEdits(length: number): number {
  if (length <= 4) return 0;
  return length <= 7 ? 1 : 2;
}

/** Two neighbouring letters swapped ("hlep", "lnik"): the one typo short words still get corrected for. */
function swappedNeighbours(word: string): string | undefined {
  for (const candidate of FUZZY_CANDIDATES.get(word.length) ?? []) {
    for (let i = 0; i + 1 < word.length; i++) {
      if (word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) === candidate) return candidate;
    }
  }
  return undefined;
}

/** Corrections already worked out; a pure function of the word, so caching changes no result. Bounded. */
const corrections = new Map<string, { word: string; edits: number } | undefined>();
const MAX_CACHED_CORRECTIONS = 10_000;

function correct(word: string): { word: string; edits: number } | undefined {
  if (corrections.has(word)) return corrections.get(word);
  const result = findCorrection(word);
  if (corrections.size >= MAX_CACHED_CORRECTIONS) corrections.clear();
  corrections.set(word, result);
  return result;
}

function findCorrection(word: string): { word: string; edits: number } | undefined {
  if (COMMON_WORDS.has(word) || /\d/.test(word)) return undefined;
  const max = allowedEdits(word.length);
  if (max === 0) {
    const swapped = word.length === 4 ? swappedNeighbours(word) : undefined;
    return swapped ? { word: swapped, edits: 1 } : undefined;
  }
  let best: { word: string; edits: number } | undefined;
  for (let length = word.length - max; length <= word.length + max; length++) {
    for (const candidate of FUZZY_CANDIDATES.get(length) ?? []) {
      const distance = damerauLevenshtein(word, candidate, best ? best.edits - 1 : max);
      // Equal distance: keep the first, so the result never depends on more than the vocabulary's order.
      if (distance <= max && (!best || distance < best.edits)) best = { word: candidate, edits: distance };
    }
  }
  return best;
}

function analyse(token: Token): AnalysedToken {
  const result: AnalysedToken = { ...token, concepts: new Set(), edits: 0 };
  const lookup = (word: string, edits: number): boolean => {
    const entries: readonly VocabularyEntry[] = VOCABULARY.get(word) ?? [];
    const month = MONTH_WORDS.get(word);
    const category = CATEGORY_WORDS.get(word);
    const number = NUMBER_WORDS.get(word);
    if (entries.length === 0 && !month && !category && number === undefined) return false;
    result.word = word;
    result.edits = edits;
    for (const entry of entries) result.concepts.add(entry.concept);
    if (month) result.month = month.month;
    if (category) result.category = category;
    if (number !== undefined) result.number = number;
    const languages = new Set([...entries.map((e) => e.language), ...(month ? [month.language] : [])]);
    result.language = languages.size === 1 ? [...languages][0] : 'both';
    return true;
  };
  if (/^\d{1,2}$/.test(token.folded)) {
    result.number = Number(token.folded);
    return result;
  }
  if (lookup(token.folded, 0)) return result;
  const corrected = correct(token.folded);
  if (corrected) lookup(corrected.word, corrected.edits);
  return result;
}

function joinPhrases(tokens: Token[]): Token[] {
  const joined: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const pair = i + 1 < tokens.length ? JOINED[`${tokens[i].folded} ${tokens[i + 1].folded}`] : undefined;
    if (pair) {
      joined.push({ folded: pair, original: `${tokens[i].original} ${tokens[i + 1].original}` });
      i++;
    } else {
      joined.push(tokens[i]);
    }
  }
  return joined;
}

function detectLanguage(text: string, tokens: AnalysedToken[]): ConversationLocale | undefined {
  let en = 0;
  let de = hasGermanLetters(text) ? 2 : 0;
  for (const token of tokens) {
    const language = token.language ?? COMMON_WORDS.get(token.folded);
    const weight = token.edits > 0 ? 0.5 : 1;
    if (language === 'en') en += weight;
    if (language === 'de') de += weight;
  }
  if (en === de) return undefined;
  return de > en ? 'de' : 'en';
}

/** Merchant after "at", "bei", "from", "an", "@"... or after a search verb: the next words that are not vocabulary. */
function findMerchant(tokens: AnalysedToken[]): string | undefined {
  const startsMerchant = (t: AnalysedToken) => t.concepts.has('preposition') || t.concepts.has('search');
  for (let i = 0; i < tokens.length; i++) {
    const atSign = tokens[i].mention === true;
    if (!atSign && !startsMerchant(tokens[i])) continue;
    let j = atSign ? i : i + 1;
    while (j < tokens.length && tokens[j].concepts.has('filler') && tokens[j].concepts.size === 1) j++;
    const words: string[] = [];
    for (; j < tokens.length && words.length < 4; j++) {
      const t = tokens[j];
      const known = t.word !== undefined || t.number !== undefined || /^(19|20)\d\d$/.test(t.folded);
      if (known) break;
      words.push(t.original);
    }
    if (words.length > 0) return words.join(' ');
  }
  return undefined;
}

function monthString(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

function findTime(tokens: AnalysedToken[], now: Date): Pick<IntentSlots, 'month' | 'period'> {
  const year = now.getUTCFullYear();
  const currentMonth = now.getUTCMonth() + 1;
  const has = (i: number, concept: Concept) => i >= 0 && i < tokens.length && tokens[i].concepts.has(concept);
  for (let i = 0; i < tokens.length; i++) {
    const month = tokens[i].month;
    // "may" is also a verb: only a month after a preposition ("in May") or before a year.
    if (month !== undefined && !(tokens[i].folded === 'may' && !has(i - 1, 'preposition'))) {
      const explicitYear = /^(19|20)\d\d$/.test(tokens[i + 1]?.folded ?? '') ? Number(tokens[i + 1].folded) : undefined;
      const resolvedYear = explicitYear ?? (month > currentMonth ? year - 1 : year);
      return { month: monthString(resolvedYear, month) };
    }
  }
  const previousMonth = currentMonth === 1 ? monthString(year - 1, 12) : monthString(year, currentMonth - 1);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.folded === 'vormonat' || t.folded === 'vormonats') return { period: 'last_month', month: previousMonth };
    const isLast = has(i - 1, 'recent') || has(i - 1, 'last') || (has(i - 2, 'recent') && tokens[i - 1].number === undefined && has(i - 1, 'filler'));
    const isThis = has(i - 1, 'this') || has(i - 2, 'this');
    const unit = t.concepts.has('month') ? 'month' : t.concepts.has('week') ? 'week' : t.concepts.has('year') ? 'year' : undefined;
    if (unit) {
      const period = (isLast ? `last_${unit}` : isThis ? `this_${unit}` : undefined) as Period | undefined;
      if (period === 'last_month') return { period, month: previousMonth };
      if (period === 'this_month') return { period, month: monthString(year, currentMonth) };
      if (period) return { period };
    }
    if (t.concepts.has('today')) return { period: 'today' };
    if (t.concepts.has('yesterday')) return { period: 'yesterday' };
  }
  return {};
}

function findCount(tokens: AnalysedToken[]): number | undefined {
  for (const t of tokens) if (t.number !== undefined && t.number >= 1 && t.number <= 50 && t.month === undefined) return t.number;
  return undefined;
}

interface Evidence {
  tokens: AnalysedToken[];
  has: (concept: Concept) => boolean;
  /** The token at `i` is one of the folded words. */
  wordAt: (i: number, ...words: string[]) => boolean;
  slots: IntentSlots;
  /** Tokens that are neither vocabulary nor numbers. */
  unknownCount: number;
}

/** "I made / did / never made / didn't make (this payment)": the customer speaking about their own act. */
function speaksOfOwnAct(e: Evidence): boolean {
  return e.tokens.some((t, i) => ['i', 'ich'].includes(t.folded) && e.tokens.slice(i + 1, i + 3).some((n) => ['made', 'did', 'didnt', 'gemacht', 'getaetigt', 'never'].includes(n.word ?? n.folded)));
}

/** Fraud feedback in free text only when the message is about the payment itself, not another subject. */
function aboutThePaymentOnly(e: Evidence): boolean {
  const ignored: Concept[] = speaksOfOwnAct(e) ? ['transactions'] : [];
  return !SUBJECT_CONCEPTS.some((c) => !ignored.includes(c) && e.has(c));
}

/** "It was me" / "Das war ich" / "I did", possibly with "yes"; never with a negation. */
function saysItWasThem(e: Evidence): boolean {
  const { tokens, wordAt } = e;
  if (e.has('not')) return false;
  for (let i = 0; i < tokens.length; i++) {
    const near = (words: string[], span: number) => tokens.slice(i + 1, i + 1 + span).some((t) => words.includes(t.word ?? t.folded));
    const nearBefore = (words: string[], span: number) => tokens.slice(Math.max(0, i - span), i).some((t) => words.includes(t.word ?? t.folded));
    if (wordAt(i, 'was') && near(['me', 'i', 'myself'], 2)) return true;
    if (wordAt(i, 'war', 'warst') && (near(['ich'], 2) || nearBefore(['ich'], 1))) return true;
    if (wordAt(i, 'wars', 'warsch') && nearBefore(['ich'], 1)) return true;
    if (wordAt(i, 'i', 'ich') && near(['did', 'made', 'gemacht', 'getaetigt', 'authorised', 'authorized'], 2)) return true;
    if (wordAt(i, 'habe', 'hab') && near(['ich'], 1) && tokens.some((t) => ['gemacht', 'getaetigt'].includes(t.word ?? ''))) return true;
    if (wordAt(i, 'thats', 'its') && near(['me', 'mine'], 1)) return true;
  }
  return e.has('genuine') && e.tokens.length <= 4 && (e.has('yes') || e.tokens.some((t) => ['legit', 'genuine', 'legitimate', 'echt', 'meins', 'authorised', 'authorized'].includes(t.word ?? '')));
}

/** "Not me" / "Das war ich nicht" / "I didn't make this" / "never". */
function saysItWasNotThem(e: Evidence): boolean {
  if (!e.has('not')) return false;
  if (e.tokens.length === 1 && ['never', 'nie', 'niemals'].includes(e.tokens[0].folded)) return true;
  const me = e.tokens.some((t) => t.concepts.has('me') || ['mine', 'meins'].includes(t.word ?? ''));
  return me || e.has('was');
}

type Rule = [IntentName, (e: Evidence) => boolean, number];

/** First match wins; the number is the rule's confidence before typo penalties. */
const RULES: readonly Rule[] = [
  ['fraud_feedback_fraud', (e) => e.has('fraud') && !e.has('unlink') && !e.has('consent') && !e.has('access'), 0.9],
  ['fraud_feedback_fraud', (e) => aboutThePaymentOnly(e) && saysItWasNotThem(e), 0.85],
  ['fraud_feedback_genuine', (e) => aboutThePaymentOnly(e) && saysItWasThem(e), 0.85],
  ['revoke_consent', (e) => e.has('unlink') && !((e.has('shipping') || e.has('order') || e.has('receipt') || e.has('transactions')) && !e.has('consent') && !e.has('bank')), 0.9],
  ['access_log', (e) => e.has('access') && !e.has('link') && !e.has('balance') && !e.has('transactions') && !e.has('spend') && !e.has('receipt'), 0.9],
  ['access_log', (e) => e.has('data') && (e.has('who') || e.has('what') || e.has('you')) && !e.has('link') && !e.has('consent'), 0.75],
  ['access_log', (e) => (e.has('what') || e.has('who')) && e.has('you') && e.tokens.some((t) => ['look', 'see', 'read'].includes(t.word ?? '')) && !SUBJECT_CONCEPTS.some(e.has), 0.75],
  ['list_consents', (e) => e.has('consent'), 0.9],
  ['list_consents', (e) => e.has('linked') && (e.has('bank') || e.has('what') || e.has('search') || e.has('show')), 0.8],
  ['link_account', (e) => e.has('link') && !e.has('balance') && !e.has('spend'), 0.9],
  ['receipt', (e) => e.has('receipt'), 0.9],
  ['shipping_status', (e) => e.has('shipping') || (e.has('order') && !e.has('spend') && !e.has('transactions')), 0.9],
  ['balance', (e) => e.has('balance') && !e.has('spend') && !e.has('category'), 0.9],
  ['spending_by_category', (e) => e.has('category') && (e.has('spend') || e.has('transactions') || e.has('money') || e.has('show') || e.has('search') || e.has('month') || e.has('what') || e.tokens.length <= 3), 0.9],
  ['search_spending', (e) => e.slots.merchant !== undefined && (e.has('spend') || (e.has('how') && e.has('much')) || e.has('search') || e.has('transactions')), 0.9],
  ['spending_by_category', (e) => e.slots.category !== undefined && (e.has('spend') || (e.has('how') && e.has('much'))), 0.85],
  ['search_spending', (e) => e.slots.month !== undefined && e.slots.period === undefined && (e.has('spend') || (e.has('how') && e.has('much'))), 0.85],
  ['spending_by_category', (e) => e.has('spend') && !e.has('transactions'), 0.8],
  ['spending_by_category', (e) => e.has('where') && e.has('money') && !e.has('have'), 0.75],
  ['balance', (e) => e.has('money') && (e.has('have') || (e.has('how') && e.has('much'))), 0.8],
  ['balance', (e) => e.has('how') && e.has('much') && e.has('have') && e.has('bank'), 0.75],
  ['recent_transactions', (e) => e.has('transactions'), 0.9],
  ['recent_transactions', (e) => e.has('recent') && e.slots.count !== undefined, 0.75],
  ['help', (e) => e.has('help'), 0.9],
  ['help', (e) => e.has('what') && e.has('can') && e.has('you'), 0.85],
  ['greeting', (e) => (e.has('greeting') || e.has('thanks')) && e.unknownCount <= 1 && e.tokens.every((t) => t.word === undefined || [...t.concepts].some((c) => ['greeting', 'thanks', 'filler', 'you', 'how', 'me', 'show'].includes(c))), 0.8],
];

/**
 * Recognizes what a customer asked in a Messenger chat, in English or German, deterministically: the
 * text is folded and tokenized, tokens are matched against the vocabulary (with Damerau–Levenshtein
 * typo correction for longer words), and ordered rules over the matched concepts pick the intent.
 * Slots (merchant, month, period, category, count) are read from the same tokens.
 */
export function recognizeIntent(text: string, locale?: ConversationLocale, options: RecognizeOptions = {}): RecognizedIntent {
  const now = options.now ?? new Date();
  // Messenger texts are at most 2000 characters; the cap also bounds the work for any other caller.
  const tokens = joinPhrases(tokenize(text.slice(0, 2000))).map(analyse);
  const detected = detectLanguage(text, tokens);
  const answerIn: ConversationLocale = locale ?? detected ?? 'en';
  if (text.trim() === '?') return { intent: 'help', slots: {}, locale: answerIn, confidence: 0.7 };

  const concepts = new Set(tokens.flatMap((t) => [...t.concepts]));
  const slots: IntentSlots = {};
  const merchant = findMerchant(tokens);
  if (merchant) slots.merchant = merchant;
  Object.assign(slots, findTime(tokens, now));
  const category = tokens.find((t) => t.category)?.category;
  if (category) slots.category = category;
  const count = findCount(tokens);
  const evidence: Evidence = {
    tokens,
    has: (concept) => concepts.has(concept),
    wordAt: (i, ...words) => words.includes(tokens[i].word ?? tokens[i].folded),
    slots,
    unknownCount: tokens.filter((t) => t.word === undefined && t.number === undefined).length,
  };

  const rule = RULES.find(([, applies]) => applies(evidence));
  if (!rule) return { intent: 'unknown', slots: {}, locale: answerIn, confidence: 0 };
  const [intent, , strength] = rule;
  if (count !== undefined && intent === 'recent_transactions') slots.count = count;
  const edits = tokens.reduce((sum, t) => sum + (t.word ? t.edits : 0), 0);
  const confidence = Math.max(0.3, Math.round((strength - 0.1 * edits) * 100) / 100);
  return { intent, slots: relevantSlots(intent, slots), locale: answerIn, confidence };
}

/** Only the slots an intent uses, so a stray word never looks like a filter. */
function relevantSlots(intent: IntentName, slots: IntentSlots): IntentSlots {
  const pick = (...keys: (keyof IntentSlots)[]) => Object.fromEntries(keys.filter((k) => slots[k] !== undefined).map((k) => [k, slots[k]])) as IntentSlots;
  switch (intent) {
    case 'recent_transactions':
      return pick('count', 'merchant', 'month', 'period', 'category');
    case 'spending_by_category':
      return pick('category', 'month', 'period');
    case 'search_spending':
      return pick('merchant', 'month', 'period', 'category');
    case 'receipt':
    case 'shipping_status':
      return pick('merchant', 'month', 'period');
    case 'balance':
    case 'help':
    case 'link_account':
    case 'list_consents':
    case 'revoke_consent':
    case 'access_log':
    case 'greeting':
    case 'fraud_feedback_genuine':
    case 'fraud_feedback_fraud':
    case 'unknown':
      return {};
  }
}
