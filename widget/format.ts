import type { Price } from '../src/contract/index.ts';
import type { Messages } from './i18n/en-GB.ts';

/** A calendar date as `YYYY-MM-DD`: the unit days are grouped and requested in. */
export type DayKey = string;

function parts(date: Date, locale: string, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat(locale, options).formatToParts(date)) out[p.type] = p.value;
  return out;
}

/** The wall-clock date of an instant in `zone`, which may differ from the visitor's own zone. */
export function dayKeyIn(instant: Date | string, zone: string): DayKey {
  const p = parts(new Date(instant), 'en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return `${p.year}-${p.month}-${p.day}`;
}

/** Noon UTC keeps the date stable whatever zone a formatter is later given. */
function dayToDate(day: DayKey): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12));
}

export function addDays(day: DayKey, n: number): DayKey {
  const date = dayToDate(day);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

export function formatPrice(price: Price, locale: string, t: Messages): string {
  // The amount beside a price on application is a placeholder (agentOS sends 0), never the asking price.
  if (price.onApplication) return t.priceOnApplication;
  const digits = Number.isInteger(price.amount) ? 0 : 2;
  let amount: string;
  try {
    amount = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: price.currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(price.amount);
  } catch {
    // An unknown currency code should not blank the whole card.
    amount = `${price.currency} ${price.amount}`;
  }
  return price.period ? `${amount} ${t.pricePeriod[price.period]}` : amount;
}

/** "Tuesday 24 November 2026": word order comes from the dictionary, names from Intl. */
export function formatDay(day: DayKey, locale: string, t: Messages): string {
  const p = parts(dayToDate(day), locale, {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  return t.longDate({ weekday: p.weekday ?? '', day: p.day ?? '', month: p.month ?? '', year: p.year ?? '' });
}

/** Short weekday, day and month for the compact day buttons, e.g. `{weekday: 'Tue', day: '24', month: 'Nov'}`. */
export function dayParts(day: DayKey, locale: string): { weekday: string; day: string; month: string } {
  const p = parts(dayToDate(day), locale, {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });
  return { weekday: p.weekday ?? '', day: p.day ?? '', month: p.month ?? '' };
}

/** A week as the locale writes a span of days: "1 – 7 Jul" in en-GB, "Jul 1 – 7" in en-US, "1.–7. Juli" in de. */
export function weekRange(from: DayKey, to: DayKey, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short' }).formatRange(
    dayToDate(from),
    dayToDate(to),
  );
}

export function formatTime(instant: string, locale: string, zone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(
    new Date(instant),
  );
}

/** The zone's long name at a given instant, e.g. "British Summer Time" in July. */
export function zoneName(zone: string, locale: string, at: Date | string): string {
  return parts(new Date(at), locale, { timeZone: zone, timeZoneName: 'long' }).timeZoneName ?? zone;
}
