/**
 * Coordinates for impossible-travel checks: a small table of cities (lower-case name + country) and
 * country centroids as the fallback. Precision of a few tens of km is plenty: the check looks for
 * hundreds of km in minutes. Approximate public-domain geography, rounded to 0.1°.
 */
export interface Coordinates {
  readonly lat: number;
  readonly lon: number;
}

const CITIES: Readonly<Record<string, readonly [number, number]>> = {
  'berlin|DE': [52.5, 13.4], 'hamburg|DE': [53.6, 10.0], 'munich|DE': [48.1, 11.6], 'münchen|DE': [48.1, 11.6],
  'cologne|DE': [50.9, 7.0], 'köln|DE': [50.9, 7.0], 'frankfurt|DE': [50.1, 8.7], 'frankfurt am main|DE': [50.1, 8.7],
  'stuttgart|DE': [48.8, 9.2], 'düsseldorf|DE': [51.2, 6.8], 'leipzig|DE': [51.3, 12.4], 'dresden|DE': [51.1, 13.7],
  'hannover|DE': [52.4, 9.7], 'nuremberg|DE': [49.5, 11.1], 'nürnberg|DE': [49.5, 11.1], 'bremen|DE': [53.1, 8.8],
  'vienna|AT': [48.2, 16.4], 'wien|AT': [48.2, 16.4], 'salzburg|AT': [47.8, 13.0], 'zurich|CH': [47.4, 8.5],
  'zürich|CH': [47.4, 8.5], 'geneva|CH': [46.2, 6.1], 'basel|CH': [47.6, 7.6], 'paris|FR': [48.9, 2.4],
  'lyon|FR': [45.8, 4.8], 'marseille|FR': [43.3, 5.4], 'nice|FR': [43.7, 7.3], 'amsterdam|NL': [52.4, 4.9],
  'rotterdam|NL': [51.9, 4.5], 'brussels|BE': [50.8, 4.4], 'antwerp|BE': [51.2, 4.4], 'luxembourg|LU': [49.6, 6.1],
  'london|GB': [51.5, -0.1], 'manchester|GB': [53.5, -2.2], 'edinburgh|GB': [56.0, -3.2], 'dublin|IE': [53.3, -6.3],
  'madrid|ES': [40.4, -3.7], 'barcelona|ES': [41.4, 2.2], 'palma|ES': [39.6, 2.7], 'malaga|ES': [36.7, -4.4],
  'lisbon|PT': [38.7, -9.1], 'porto|PT': [41.2, -8.6], 'rome|IT': [41.9, 12.5], 'milan|IT': [45.5, 9.2],
  'venice|IT': [45.4, 12.3], 'naples|IT': [40.9, 14.3], 'copenhagen|DK': [55.7, 12.6], 'stockholm|SE': [59.3, 18.1],
  'oslo|NO': [59.9, 10.8], 'helsinki|FI': [60.2, 24.9], 'warsaw|PL': [52.2, 21.0], 'krakow|PL': [50.1, 19.9],
  'prague|CZ': [50.1, 14.4], 'budapest|HU': [47.5, 19.0], 'athens|GR': [38.0, 23.7], 'istanbul|TR': [41.0, 29.0],
  'new york|US': [40.7, -74.0], 'los angeles|US': [34.1, -118.2], 'chicago|US': [41.9, -87.6], 'miami|US': [25.8, -80.2],
  'san francisco|US': [37.8, -122.4], 'toronto|CA': [43.7, -79.4], 'mexico city|MX': [19.4, -99.1],
  'sao paulo|BR': [-23.6, -46.6], 'dubai|AE': [25.2, 55.3], 'bangkok|TH': [13.8, 100.5], 'singapore|SG': [1.3, 103.8],
  'tokyo|JP': [35.7, 139.7], 'hong kong|HK': [22.3, 114.2], 'sydney|AU': [-33.9, 151.2], 'cape town|ZA': [-33.9, 18.4],
  'lagos|NG': [6.5, 3.4], 'cairo|EG': [30.0, 31.2], 'moscow|RU': [55.8, 37.6], 'kyiv|UA': [50.5, 30.5],
};

const COUNTRY_CENTROIDS: Readonly<Record<string, readonly [number, number]>> = {
  DE: [51.2, 10.4], AT: [47.6, 14.1], CH: [46.8, 8.2], FR: [46.6, 2.4], NL: [52.2, 5.5], BE: [50.6, 4.6],
  LU: [49.8, 6.1], GB: [54.0, -2.0], IE: [53.2, -8.2], ES: [40.2, -3.6], PT: [39.6, -8.0], IT: [42.8, 12.6],
  DK: [56.0, 10.0], SE: [62.0, 15.0], NO: [61.0, 9.0], FI: [64.0, 26.0], PL: [52.1, 19.4], CZ: [49.8, 15.5],
  SK: [48.7, 19.7], HU: [47.2, 19.4], SI: [46.1, 14.8], HR: [45.1, 15.2], RO: [45.9, 25.0], BG: [42.7, 25.5],
  GR: [39.1, 22.0], TR: [39.0, 35.2], CY: [35.0, 33.2], MT: [35.9, 14.4], EE: [58.7, 25.5], LV: [56.9, 24.6],
  LT: [55.2, 23.9], UA: [49.0, 31.4], RU: [60.0, 90.0], US: [39.8, -98.6], CA: [56.1, -106.3], MX: [23.6, -102.6],
  BR: [-14.2, -51.9], AR: [-38.4, -63.6], AE: [23.4, 53.8], SA: [23.9, 45.1], IL: [31.0, 34.9], EG: [26.8, 30.8],
  MA: [31.8, -7.1], NG: [9.1, 8.7], ZA: [-30.6, 22.9], KE: [0.0, 37.9], IN: [20.6, 79.0], CN: [35.9, 104.2],
  JP: [36.2, 138.3], KR: [35.9, 127.8], TH: [15.9, 100.9], SG: [1.4, 103.8], HK: [22.3, 114.2], ID: [-0.8, 113.9],
  PH: [12.9, 121.8], VN: [14.1, 108.3], AU: [-25.3, 133.8], NZ: [-40.9, 174.9],
};

/** The city's coordinates when the table knows it, else the country's centroid, else undefined. */
export function locate(city: string | undefined, country: string | undefined): (Coordinates & { precision: 'city' | 'country' }) | undefined {
  if (country === undefined) return undefined;
  const cityHit = city !== undefined ? CITIES[`${city.trim().toLowerCase()}|${country}`] : undefined;
  if (cityHit) return { lat: cityHit[0], lon: cityHit[1], precision: 'city' };
  const centroid = COUNTRY_CENTROIDS[country];
  return centroid ? { lat: centroid[0], lon: centroid[1], precision: 'country' } : undefined;
}

/** Great-circle distance in km (haversine, mean Earth radius). */
export function distanceKm(a: Coordinates, b: Coordinates): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
