import { createHash } from 'node:crypto';

/** Kontor's RFC 9562 name-based (v5) namespace for canonical ids. Never change it: ids would change. */
export const KONTOR_ID_NAMESPACE = '5b0c7f3e-4a1d-4c8e-9f2a-6d3e1b7c9a04';

/** RFC 9562 UUID version 5 (SHA-1, name-based): the same name always yields the same id. */
export function uuidV5(name: string, namespace: string = KONTOR_ID_NAMESPACE): string {
  const namespaceBytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
