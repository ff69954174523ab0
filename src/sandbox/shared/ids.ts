import { hash32 } from './random.ts';

/**
 * A version-4-looking UUID derived from a stable label, so every run holds the same ids and adding a record
 * never shifts the others.
 */
export function uuidFor(label: string): string {
  const hex = [0x811c9dc5, 0x050c5d1f, 0x1b873593, 0x2f2a4c69]
    .map((basis) => hash32(label, basis).toString(16).padStart(8, '0'))
    .join('');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
