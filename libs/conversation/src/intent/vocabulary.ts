/**
 * The words the recognizer understands, folded (see text-normalization.ts), grouped by what they mean.
 * `en`/`de` words also tell the language apart; `both` words are shared. Words of four letters or more
 * are also found with typos; shorter ones only as spelled, because "bal" one edit away is "all".
 */
export type Concept =
  | 'balance'
  | 'money'
  | 'have'
  | 'how'
  | 'much'
  | 'transactions'
  | 'recent'
  | 'spend'
  | 'category'
  | 'receipt'
  | 'shipping'
  | 'order'
  | 'where'
  | 'help'
  | 'can'
  | 'you'
  | 'what'
  | 'link'
  | 'linked'
  | 'unlink'
  | 'consent'
  | 'access'
  | 'data'
  | 'who'
  | 'bank'
  | 'greeting'
  | 'me'
  | 'was'
  | 'not'
  | 'fraud'
  | 'genuine'
  | 'yes'
  | 'search'
  | 'show'
  | 'thanks'
  | 'month'
  | 'week'
  | 'year'
  | 'this'
  | 'last'
  | 'today'
  | 'yesterday'
  | 'preposition'
  | 'filler';

export type WordLanguage = 'en' | 'de' | 'both';

interface ConceptWords {
  en?: string[];
  de?: string[];
  both?: string[];
}

const CONCEPT_WORDS: Record<Concept, ConceptWords> = {
  balance: {
    en: ['balance', 'balances', 'bal', 'funds'],
    de: ['kontostand', 'kontostaende', 'guthaben', 'kontosaldo', 'stand', 'kontostandes'],
    both: ['saldo'],
  },
  money: { en: ['money', 'cash', 'dough'], de: ['geld', 'kohle', 'knete', 'drauf', 'uebrig'] },
  have: { en: ['have', 'got', 'left', 'ive'], de: ['hab', 'habe', 'hast', 'haben', 'hat', 'hatte', 'noch', 'gibt'] },
  how: { en: ['how'], de: ['wie', 'wieviel', 'wievel', 'wieviele'] },
  much: { en: ['much', 'many'], de: ['viel', 'viele', 'vil', 'wieviel', 'wievel', 'wieviele'] },
  transactions: {
    en: ['transactions', 'transaction', 'txns', 'txn', 'payments', 'purchases', 'charges', 'history', 'statement', 'activity', 'activities', 'bookings', 'movements', 'trx'],
    de: ['umsaetze', 'umsatz', 'umsaetzen', 'buchungen', 'buchung', 'zahlungen', 'transaktionen', 'transaktion', 'kontoauszug', 'kontobewegungen', 'bewegungen', 'abbuchungen', 'kontoumsaetze'],
  },
  recent: { en: ['recent', 'latest', 'newest', 'last', 'lately', 'past'], de: ['letzte', 'letzten', 'letzter', 'neueste', 'neuesten', 'juengste', 'juengsten', 'aktuelle', 'aktuellen', 'vergangene', 'vergangenen'] },
  spend: {
    en: ['spend', 'spent', 'spending', 'spendings', 'expenses', 'expense', 'paid', 'pay', 'cost', 'blew', 'splurged', 'outgoings'],
    de: ['ausgegeben', 'ausgeben', 'ausgaben', 'gekostet', 'bezahlt', 'gezahlt', 'verbraucht', 'verprasst', 'gelassen', 'kosten', 'ausgabe'],
  },
  category: { en: ['category', 'categories', 'breakdown', 'categorised', 'categorized', 'budget'], de: ['kategorie', 'kategorien', 'aufschluesselung', 'aufgeschluesselt', 'bereich', 'bereichen', 'wofuer', 'rubrik', 'rubriken', 'budget'] },
  receipt: { en: ['receipt', 'receipts', 'invoice', 'invoices', 'reciept', 'bill'], de: ['beleg', 'belege', 'quittung', 'quittungen', 'kassenbon', 'kassenzettel', 'rechnung', 'rechnungen', 'bon', 'kaufbeleg'] },
  shipping: {
    en: ['shipping', 'shipment', 'shipments', 'shipped', 'delivery', 'deliveries', 'tracking', 'track', 'package', 'packages', 'parcel', 'parcels', 'arrive', 'arriving', 'dispatched'],
    de: ['paket', 'pakete', 'paeckchen', 'sendung', 'sendungen', 'sendungsverfolgung', 'lieferung', 'lieferungen', 'versand', 'versendet', 'verschickt', 'zustellung', 'geliefert', 'ankommen', 'kommt', 'lieferstatus', 'versandstatus', 'sendungsstatus', 'bestellstatus', 'paketstatus'],
  },
  order: { en: ['order', 'orders', 'stuff'], de: ['bestellung', 'bestellungen', 'bestellt'] },
  where: { en: ['where', 'wheres', 'when'], de: ['wo', 'wann'] },
  help: { en: ['help', 'commands', 'options', 'menu', 'features', 'support', 'howto', 'assist'], de: ['hilfe', 'befehle', 'optionen', 'menue', 'funktionen', 'hilf', 'helfen', 'unterstuetzung'], both: ['info'] },
  can: { en: ['can', 'could'], de: ['kannst', 'koennen', 'kann', 'moeglich'] },
  you: { en: ['you', 'u', 'ya', 'your'], de: ['du', 'dir', 'dich', 'ihr', 'euch', 'sie'] },
  what: { en: ['what', 'whats', 'wat', 'which'], de: ['was', 'welche', 'welcher', 'welches', 'welchen'] },
  link: {
    en: ['link', 'connect', 'add', 'login', 'log-in', 'signin', 'sign', 'setup', 'register', 'onboard', 'attach', 'pair'],
    de: ['verknuepfen', 'verbinden', 'koppeln', 'hinzufuegen', 'einloggen', 'anmelden', 'verlinken', 'einrichten', 'anbinden', 'registrieren'],
  },
  linked: { en: ['linked', 'connected', 'shared'], de: ['verknuepft', 'verknuepften', 'verknuepfte', 'verbunden', 'verbundenen', 'verbundene', 'freigegeben', 'freigegebenen', 'geteilt'] },
  unlink: {
    en: ['unlink', 'disconnect', 'revoke', 'stop', 'cancel', 'withdraw', 'delete', 'remove', 'unsubscribe', 'forget', 'end', 'quit', 'optout', 'opt-out', 'unsub', 'terminate'],
    de: ['widerrufen', 'widerruf', 'widerrufe', 'trennen', 'entkoppeln', 'stopp', 'stoppen', 'abbrechen', 'kuendigen', 'loeschen', 'entfernen', 'abmelden', 'zurueckziehen', 'beenden', 'aufheben', 'entziehen', 'abbestellen', 'aufhoeren'],
  },
  consent: {
    en: ['consent', 'consents', 'consented', 'permission', 'permissions', 'authorisation', 'authorization', 'authorizations', 'agreements', 'access-rights'],
    de: ['einwilligung', 'einwilligungen', 'zustimmung', 'zustimmungen', 'berechtigung', 'berechtigungen', 'freigabe', 'freigaben', 'eingewilligt', 'zugestimmt', 'erlaubnis', 'vollmacht'],
  },
  access: {
    en: ['access', 'accessed', 'accesses', 'read', 'looked', 'viewed', 'used', 'log', 'audit', 'fetched', 'retrieved', 'seen', 'saw'],
    de: ['zugriff', 'zugriffe', 'zugegriffen', 'abgerufen', 'gelesen', 'angeschaut', 'angesehen', 'protokoll', 'zugriffsprotokoll', 'verwendet', 'benutzt', 'eingesehen', 'genutzt'],
  },
  data: { en: ['data', 'information', 'details', 'records'], de: ['daten', 'informationen', 'infos'] },
  who: { en: ['who'], de: ['wer'] },
  bank: { en: ['account', 'accounts', 'card', 'cards'], de: ['konto', 'konten', 'girokonto', 'karte', 'karten', 'bankkonto'], both: ['bank', 'banks', 'banken', 'giro'] },
  greeting: {
    en: ['hi', 'hello', 'hey', 'hiya', 'howdy', 'yo', 'greetings', 'morning', 'evening', 'afternoon', 'sup', 'heya', 'hellooo', 'helo'],
    de: ['hallo', 'moin', 'servus', 'gruezi', 'gruss', 'gruessgott', 'tag', 'morgen', 'abend', 'nabend', 'huhu', 'tach', 'moinsen', 'hallihallo', 'halloechen', 'hallochen'],
  },
  me: { en: ['me', 'i', 'myself', 'mine', 'im'], de: ['ich', 'mir', 'mich', 'selbst', 'selber'] },
  was: { en: ['was', 'did', 'made', 'itwasme'], de: ['war', 'gemacht', 'getaetigt', 'warst'] },
  not: { en: ['not', 'no', 'nope', 'never', 'wasnt', 'didnt', 'isnt', 'dont', 'nah', 'n0t'], de: ['nicht', 'nein', 'nie', 'niemals', 'kein', 'keine'] },
  fraud: { en: ['fraud', 'fraudulent', 'scam', 'stolen', 'unauthorised', 'unauthorized', 'hacked', 'suspicious', 'fake'], de: ['betrug', 'betrueger', 'gestohlen', 'geklaut', 'gehackt', 'unberechtigt', 'missbrauch', 'betruegerisch'] },
  genuine: { en: ['genuine', 'legit', 'legitimate', 'fine', 'mine', 'ok', 'okay', 'correct', 'right', 'authorised', 'authorized'], de: ['echt', 'korrekt', 'richtig', 'stimmt', 'passt', 'ordnung', 'meins'] },
  yes: { en: ['yes', 'yeah', 'yep', 'yup', 'sure'], de: ['ja', 'jap', 'jo', 'jawohl', 'genau'] },
  search: { en: ['search', 'find', 'look', 'lookup', 'show', 'list'], de: ['suche', 'suchen', 'such', 'finde', 'finden', 'zeig', 'zeige', 'zeigen', 'liste', 'auflisten'] },
  show: { en: ['give', 'tell', 'check', 'see', 'get', 'view'], de: ['gib', 'sag', 'sage', 'pruefen', 'checken', 'anzeigen', 'sehen', 'nenn'] },
  thanks: { en: ['thanks', 'thank', 'thx', 'ty', 'cheers'], de: ['danke', 'dankeschoen', 'merci', 'vielen'] },
  month: { en: ['month', 'months', 'mo', 'monthly'], de: ['monat', 'monats', 'monate', 'monaten', 'vormonat', 'vormonats'] },
  week: { en: ['week', 'weeks', 'weekly'], de: ['woche', 'wochen'] },
  year: { en: ['year', 'years', 'ytd'], de: ['jahr', 'jahres', 'jahre'] },
  this: { en: ['this', 'current'], de: ['diesen', 'diesem', 'dieser', 'diese', 'aktuellen', 'laufenden', 'bisher', 'jetzigen'] },
  last: { en: ['previous', 'prior'], de: ['vorigen', 'vorheriger', 'vorherigen', 'voriger', 'vor'] },
  today: { en: ['today', 'todays', 'tonight'], de: ['heute', 'heutigen'] },
  yesterday: { en: ['yesterday', 'yesterdays'], de: ['gestern', 'gestrigen'] },
  preposition: { en: ['at', 'from', 'to', 'on', 'with', 'for', 'in', 'of', 'since', 'during'], de: ['bei', 'von', 'an', 'fuer', 'beim', 'im', 'in', 'seit', 'mit', 'vom', 'zu', 'ueber', 'nach', 'am'] },
  filler: {
    en: ['the', 'a', 'an', 'my', 'is', 'are', 'do', 'does', 'please', 'pls', 'plz', 'it', 'that', 'there', 'and', 'or', 'all', 'about', 'would', 'like', 'want', 'wanna', 'need', 'know', 'some', 'any', 'bot', 'kontor', 'just', 'now', 'again', 'up', 'out', 'be', 'been', 'will', 'wil', 'should', 'ur', 'thats', 'its', 'hows', 'good', 'am', 'there'],
    de: ['der', 'die', 'das', 'den', 'dem', 'ein', 'eine', 'einen', 'mein', 'meine', 'meinen', 'meinem', 'meiner', 'ist', 'sind', 'bitte', 'mal', 'es', 'und', 'oder', 'alle', 'alles', 'ueber', 'moechte', 'will', 'wuerde', 'gerne', 'gern', 'wissen', 'jetzt', 'schon', 'denn', 'so', 'da', 'hier', 'bin', 'wurde', 'worden', 'bisschen', 'kurz', 'auch', 'man', 'euer', 'eure', 'ihre', 'unsere', 'guten', 'gute', 'schoenen', 'einen'],
  },
};

export interface VocabularyEntry {
  concept: Concept;
  language: WordLanguage;
}

/** Folded word → every concept it can stand for (a word may carry two, e.g. "last": recent and a period). */
export const VOCABULARY: ReadonlyMap<string, readonly VocabularyEntry[]> = (() => {
  const map = new Map<string, VocabularyEntry[]>();
  for (const [concept, words] of Object.entries(CONCEPT_WORDS) as [Concept, ConceptWords][]) {
    for (const language of ['en', 'de', 'both'] as const) {
      for (const word of words[language] ?? []) {
        const entries = map.get(word) ?? [];
        if (!entries.some((e) => e.concept === concept)) entries.push({ concept, language });
        map.set(word, entries);
      }
    }
  }
  return map;
})();

/** Month names and short forms (folded) → month number and the language that spells it so. */
export const MONTH_WORDS: ReadonlyMap<string, { month: number; language: WordLanguage }> = new Map(
  (
    [
      ['january', 1, 'en'], ['jan', 1, 'both'], ['januar', 1, 'de'], ['jaenner', 1, 'de'],
      ['february', 2, 'en'], ['feb', 2, 'both'], ['februar', 2, 'de'],
      ['march', 3, 'en'], ['maerz', 3, 'de'], ['marz', 3, 'de'], ['mrz', 3, 'de'],
      ['april', 4, 'both'], ['apr', 4, 'both'],
      ['may', 5, 'en'], ['mai', 5, 'de'],
      ['june', 6, 'en'], ['juni', 6, 'de'], ['jun', 6, 'both'],
      ['july', 7, 'en'], ['juli', 7, 'de'], ['jul', 7, 'both'],
      ['august', 8, 'both'], ['aug', 8, 'both'],
      ['september', 9, 'both'], ['sep', 9, 'both'], ['sept', 9, 'both'],
      ['october', 10, 'en'], ['oct', 10, 'en'], ['oktober', 10, 'de'], ['okt', 10, 'de'],
      ['november', 11, 'both'], ['nov', 11, 'both'],
      ['december', 12, 'en'], ['dec', 12, 'en'], ['dezember', 12, 'de'], ['dez', 12, 'de'],
    ] as [string, number, WordLanguage][]
  ).map(([word, month, language]) => [word, { month, language }]),
);

/**
 * Words people use for spending categories → the primary category of Kontor's taxonomy
 * (NormalizedTransactionV1.category.primary).
 */
export const CATEGORY_WORDS: ReadonlyMap<string, string> = new Map(
  (
    [
      ['groceries', ['groceries', 'grocery', 'supermarket', 'supermarkt', 'lebensmittel', 'einkaufen', 'einkauf', 'einkaeufe']],
      ['food', ['food', 'restaurants', 'restaurant', 'eating', 'dining', 'takeaway', 'essen', 'coffee', 'kaffee', 'lieferdienst', 'gastronomie']],
      ['transport', ['transport', 'transportation', 'travel', 'taxi', 'uber', 'fuel', 'petrol', 'gas', 'tanken', 'sprit', 'benzin', 'bahn', 'zug', 'train', 'fahrten', 'mobilitaet', 'reisen', 'verkehr']],
      ['shopping', ['shopping', 'clothes', 'clothing', 'kleidung', 'klamotten', 'onlineshopping']],
      ['entertainment', ['entertainment', 'streaming', 'movies', 'kino', 'unterhaltung', 'freizeit', 'games', 'spiele']],
      ['housing', ['rent', 'miete', 'housing', 'wohnen', 'wohnung']],
      ['utilities', ['utilities', 'electricity', 'strom', 'energie', 'internet', 'phone', 'handy', 'nebenkosten']],
      ['health', ['health', 'pharmacy', 'apotheke', 'doctor', 'arzt', 'gesundheit', 'medicine']],
      ['subscriptions', ['subscriptions', 'subscription', 'abos', 'abo', 'abonnements', 'abonnement']],
      ['cash', ['atm', 'withdrawals', 'bargeld', 'geldautomat', 'abhebungen']],
    ] as [string, string[]][]
  ).flatMap(([primary, words]) => words.map((w) => [w, primary] as const)),
);

/** Number words for "last five transactions" / "letzten fünf Umsätze". */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8], ['nine', 9], ['ten', 10], ['twenty', 20],
  ['eins', 1], ['zwei', 2], ['drei', 3], ['vier', 4], ['fuenf', 5], ['sechs', 6], ['sieben', 7], ['acht', 8], ['neun', 9], ['zehn', 10], ['zwanzig', 20],
]);

/**
 * Everyday words that are one typo away from a vocabulary word ("older" / "order", "step" / "stop") and
 * must never be corrected into it; they also count as evidence for their language.
 */
export const COMMON_WORDS: ReadonlyMap<string, WordLanguage> = new Map([
  ...['older', 'other', 'after', 'water', 'these', 'those', 'state', 'start', 'hours', 'house', 'world', 'would', 'could', 'sorry', 'phone', 'price', 'point', 'place', 'plans', 'party', 'movie', 'music', 'weather', 'joke', 'love', 'pizza', 'sing', 'time', 'play', 'song', 'name', 'weird', 'funny', 'tired', 'horse', 'story', 'wanted', 'tender', 'poem', 'write', 'capital', 'france', 'color', 'colour', 'sky', 'blue', 'dance', 'tomorrow', 'coding', 'learn', 'football', 'score', 'recipe', 'cook', 'buy', 'stocks', 'bitcoin', 'sell', 'translate', 'spanish', 'happy', 'birthday', 'meaning', 'life', 'dog', 'cat', 'best', 'book', 'flight', 'hotel', 'table', 'dinner', 'film', 'photo', 'picture', 'send', 'email', 'call', 'mom', 'alarm', 'remind', 'reminder', 'timer', 'news', 'president', 'election', 'nice', 'great', 'cool', 'lol', 'haha', 'why'].map((w) => [w, 'en'] as const),
  ...['wetter', 'heute', 'morgen', 'sport', 'liebe', 'leben', 'gut', 'spaet', 'uhr', 'zeit', 'wieso', 'warum', 'weiss', 'witz', 'erzaehl', 'erzaehle', 'wird', 'wetten', 'lied', 'spiel', 'mag', 'pizza', 'katze', 'hund', 'buch', 'rezept', 'kochen', 'flug', 'hauptstadt', 'frankreich', 'farbe', 'himmel', 'blau', 'tanzen', 'lernen', 'fussball', 'ergebnis', 'aktien', 'kaufen', 'verkaufen', 'uebersetze', 'geburtstag', 'sinn', 'lebens', 'bester', 'hotel', 'tisch', 'abendessen', 'foto', 'bild', 'schicke', 'schick', 'ruf', 'mama', 'wecker', 'erinnere', 'nachrichten', 'toll', 'super', 'schoen', 'klasse', 'spielt', 'gewonnen', 'bayern'].map((w) => [w, 'de'] as const),
]);

/** Fuzzy matching candidates: every word of four letters or more, bucketed by length. */
export const FUZZY_CANDIDATES: ReadonlyMap<number, readonly string[]> = (() => {
  const byLength = new Map<number, string[]>();
  const words = new Set([...VOCABULARY.keys(), ...MONTH_WORDS.keys(), ...CATEGORY_WORDS.keys()]);
  for (const word of words) {
    if (word.length < 4) continue;
    const bucket = byLength.get(word.length) ?? [];
    bucket.push(word);
    byLength.set(word.length, bucket);
  }
  return byLength;
})();
