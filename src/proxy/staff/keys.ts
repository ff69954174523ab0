import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Long enough that guessing one through a rate-limited sign-in is hopeless. */
export const MIN_KEY_LENGTH = 24;

/** One person's (or one team's) key; `name` is who their changes are attributed to. */
export interface StaffKey {
  name?: string;
  key: string;
}

/**
 * `name:key` or a bare key, as written in the config file or `STAFF_KEYS`. The name ends at the first colon,
 * so a key holding a colon needs a name in front of it.
 */
export const StaffKeyEntry = z.string().transform((entry, ctx): StaffKey => {
  const at = entry.indexOf(':');
  const name = at >= 0 ? entry.slice(0, at).trim() : undefined;
  const key = (at >= 0 ? entry.slice(at + 1) : entry).trim();
  if (name !== undefined && (name === '' || name.length > 60)) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be "name:key" with a name of 1 to 60 characters, or a key',
    });
  }
  if (key.length < MIN_KEY_LENGTH || /\s/.test(key)) {
    ctx.addIssue({
      code: 'custom',
      message: `each key must be at least ${MIN_KEY_LENGTH} characters, without spaces`,
    });
  }
  return name ? { name, key } : { key };
});

export const StaffKeyList = z
  .array(StaffKeyEntry)
  .refine((keys) => new Set(keys.map((k) => k.key)).size === keys.length, 'must not list a key twice');

const digest = (value: string) => createHash('sha256').update(value).digest();

/** A signed-in member of staff, as every staff route sees them. */
export interface StaffMemberSession {
  /** Who actions are attributed to in the log and in the agency's system. */
  name: string;
  /** Names the key without revealing it: a session ends when its key is taken out of the config. */
  keyId: string;
}

/**
 * The configured keys. Every check compares against every key in constant time (on digests, so keys of
 * different lengths compare alike), and says nothing through timing about which key or how much matched.
 */
export class StaffKeys {
  private readonly entries: { name: string; digest: Buffer; id: string }[];

  constructor(keys: readonly StaffKey[], secret: string) {
    this.entries = keys.map((k, i) => ({
      name: k.name ?? `Staff key ${i + 1}`,
      digest: digest(k.key),
      // Keyed with the proxy's secret, so a session cookie is no help in guessing a key offline.
      id: createHmac('sha256', secret)
        .update('viewing-widget staff key\n')
        .update(k.key)
        .digest('base64url')
        .slice(0, 16),
    }));
  }

  get size(): number {
    return this.entries.length;
  }

  match(candidate: string): StaffMemberSession | undefined {
    const given = digest(candidate.trim());
    let found: (typeof this.entries)[number] | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(given, entry.digest)) found ??= entry;
    }
    return found && { name: found.name, keyId: found.id };
  }

  byId(id: string): StaffMemberSession | undefined {
    const entry = this.entries.find((e) => e.id === id);
    return entry && { name: entry.name, keyId: entry.id };
  }
}
