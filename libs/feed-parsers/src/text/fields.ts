/** Whether the text is a well-formed IBAN with a valid ISO 13616 check (mod 97). */
export function isValidIban(text: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(text)) return false;
  const rearranged = text.slice(4) + text.slice(0, 4);
  let remainder = 0;
  for (let index = 0; index < rearranged.length; index++) {
    const code = rearranged.charCodeAt(index);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = (value >= 10 ? remainder * 100 + value : remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/** The BIC when the text is one (ISO 9362, 8 or 11 characters), else undefined. */
export function bicOrUndefined(text: string | undefined): string | undefined {
  const candidate = text?.trim().toUpperCase();
  return candidate && BIC.test(candidate) ? candidate : undefined;
}

/** Cuts free text to what the entry contract accepts; undefined for blank. */
export function clip(text: string | undefined, max: number): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return trimmed.length > max ? trimmed.slice(0, max) : trimmed;
}

/** Removes keys whose value is undefined, so optional fields are absent rather than present-and-undefined. */
export function compact<T extends object>(value: T): T | undefined {
  // A plain loop: this runs several times per entry, and Object.entries/fromEntries showed in profiles.
  let result: Record<string, unknown> | undefined;
  const source = value as Record<string, unknown>;
  for (const key in source) {
    const field = source[key];
    if (field === undefined) continue;
    (result ??= {})[key] = field;
  }
  return result as T | undefined;
}
