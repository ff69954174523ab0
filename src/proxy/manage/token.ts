import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/index.ts';

const VERSION = 1;
const ID_BYTES = 16;
const MAC_BYTES = 32;
/** Version, record id, expiry in whole seconds (unsigned 32-bit: good until 2106), then the MAC. */
const SIGNED_BYTES = 1 + ID_BYTES + 4;
/** Keeps these MACs apart from anything else the same secret might ever sign. */
const DOMAIN = 'viewing-widget manage link\n';
/** The owner's link to agree to a viewing: a visitor's manage token never passes for one, nor the reverse. */
export const OWNER_DOMAIN = 'viewing-widget owner approval link\n';
const SECRET_KEY = 'manage:secret';

export type TokenCheck =
  { ok: true; recordId: string; expiresAt: Date } | { ok: false; reason: 'invalid' | 'expired' };

/** A new record id: random, so a link tells nothing about the visitor or the upstream. */
export function newRecordId(): string {
  return randomBytes(ID_BYTES).toString('base64url');
}

/**
 * Manage links carry one token: base64url of the record id and an expiry, signed with HMAC-SHA256. Anyone
 * holding the link may see and change that one viewing until it expires; nothing else can be read from it.
 */
export class ManageTokens {
  constructor(
    private readonly secret: string,
    private readonly domain: string = DOMAIN,
  ) {}

  sign(recordId: string, expiresAt: Date): string {
    const id = Buffer.from(recordId, 'base64url');
    if (id.length !== ID_BYTES) throw new Error('a record id is 16 bytes, base64url');
    const signed = Buffer.alloc(SIGNED_BYTES);
    signed.writeUInt8(VERSION, 0);
    id.copy(signed, 1);
    signed.writeUInt32BE(Math.ceil(expiresAt.getTime() / 1000), 1 + ID_BYTES);
    return Buffer.concat([signed, this.mac(signed)]).toString('base64url');
  }

  verify(token: string, now: Date): TokenCheck {
    const invalid = { ok: false, reason: 'invalid' } as const;
    if (!/^[A-Za-z0-9_-]+$/.test(token)) return invalid;
    const bytes = Buffer.from(token, 'base64url');
    // Only the one spelling the proxy made: another last character can decode to the same bytes.
    if (bytes.length !== SIGNED_BYTES + MAC_BYTES || bytes.toString('base64url') !== token) return invalid;
    const signed = bytes.subarray(0, SIGNED_BYTES);
    if (!timingSafeEqual(bytes.subarray(SIGNED_BYTES), this.mac(signed))) return invalid;
    if (signed.readUInt8(0) !== VERSION) return invalid;
    const expiresAt = new Date(signed.readUInt32BE(1 + ID_BYTES) * 1000);
    if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, recordId: signed.subarray(1, 1 + ID_BYTES).toString('base64url'), expiresAt };
  }

  private mac(signed: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(this.domain).update(signed).digest();
  }
}

/**
 * The configured secret, or else one made once and kept in the store: links then survive restarts with a
 * durable store, and every instance sharing the store signs alike. `setIfAbsent` settles a race between two
 * instances starting together.
 */
export async function manageSecret(store: Store, configured?: string): Promise<string> {
  if (configured) return configured;
  await store.setIfAbsent(SECRET_KEY, randomBytes(32).toString('base64url'));
  const kept = await store.get(SECRET_KEY);
  if (!kept) throw new Error('the store did not keep the manage-link secret');
  return kept;
}
