import type { Messages } from './i18n/en-GB.ts';

export type GuestField = 'firstName' | 'lastName' | 'email' | 'phone' | 'message';
/** What the visitor has typed so far, untrimmed, plus their marketing choice. */
export type GuestDraft = Record<GuestField, string> & { marketing: boolean };
export type FieldErrors = Partial<Record<GuestField, string>>;

/** In form order, so "the first invalid field" is the one nearest the top. */
export const GUEST_FIELDS: readonly GuestField[] = ['firstName', 'lastName', 'email', 'phone', 'message'];

// The same rules the proxy's contract applies, so a visitor hears about a typo before a round trip.
const EMAIL =
  /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
const PHONE = /^\+?[0-9 ()-]{7,20}$/;
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u;

/** The message for an invalid value, or undefined when it is fine. */
export function checkGuestField(field: GuestField, raw: string, t: Messages): string | undefined {
  const v = raw.trim();
  switch (field) {
    case 'firstName':
    case 'lastName':
      if (!v || v.length > 100) return t.invalid[field];
      return NAME.test(v) ? undefined : t.invalid.name;
    case 'email':
      return EMAIL.test(v) && v.length <= 254 ? undefined : t.invalid.email;
    case 'phone':
      return PHONE.test(v) ? undefined : t.invalid.phone;
    case 'message':
      return v.length <= 1000 ? undefined : t.invalid.message;
  }
}

export function checkGuest(guest: GuestDraft, t: Messages): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of GUEST_FIELDS) errors[f] = checkGuestField(f, guest[f], t);
  return errors;
}

export const firstInvalid = (errors: FieldErrors) => GUEST_FIELDS.find((f) => errors[f]) ?? null;
