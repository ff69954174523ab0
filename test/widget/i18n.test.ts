// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { formatDay, formatPrice, formatTime, weekRange } from '../../widget/format.ts';
import { de } from '../../widget/i18n/de.ts';
import { enGB, type Messages } from '../../widget/i18n/en-GB.ts';
import { enUS } from '../../widget/i18n/en-US.ts';
import { fr } from '../../widget/i18n/fr.ts';
import { isMessages, loadMessages, pickLanguage } from '../../widget/i18n/locales.ts';
import { nl } from '../../widget/i18n/nl.ts';

/** Every string a visitor can see, functions called with sample arguments, keyed by path. */
function strings(messages: unknown, path = ''): Record<string, string> {
  if (typeof messages === 'string') return { [path]: messages };
  if (typeof messages === 'function') {
    const sample =
      messages.length === 1 && path.endsWith('longDate')
        ? [{ weekday: 'W', day: 'D', month: 'M', year: 'Y' }]
        : [2, 5, 'X'].slice(0, messages.length);
    return { [path]: String(messages(...sample)) };
  }
  const out: Record<string, string> = {};
  if (typeof messages === 'object' && messages)
    for (const [k, v] of Object.entries(messages)) Object.assign(out, strings(v, path ? `${path}.${k}` : k));
  return out;
}

/**
 * Templates with no words of their own (only the order of the parts could differ, and here it does not), and
 * the writing direction, which is no word at all.
 */
const WORDLESS = ['longDate', 'slotLabel', 'dir', 'search.atLeast'];
/** Words that are the same in the other language. */
const SAME: Record<string, string[]> = {
  fr: ['summary.message'],
  nl: ['pricePeriod.week'],
  de: [],
};

describe('translations', () => {
  it.each([
    ['fr', fr],
    ['nl', nl],
    ['de', de],
  ] as const)('%s translates every string the visitor can see', (language, messages) => {
    expect(isMessages(messages)).toBe(true);
    const english = strings(enGB);
    const translated = strings(messages);
    expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
    const untranslated = Object.keys(english).filter(
      (k) => translated[k] === english[k] && !WORDLESS.includes(k) && !SAME[language]?.includes(k),
    );
    expect(untranslated).toEqual([]);
  });

  it('American English says tour, office and available, and writes the month first', () => {
    const us = strings(enUS);
    expect(us['steps.done']).toBe('Tour scheduled');
    expect(us['steps.branch']).toBe('Choose an office');
    expect(us['dayLabel']).toBe('2, 5 times available');
    expect(formatDay('2026-11-24', 'en-US', enUS)).toBe('Tuesday, November 24, 2026');
  });

  it('writes dates, times and prices the way each language does', () => {
    const day = '2026-11-24';
    expect(formatDay(day, 'en-GB', enGB)).toBe('Tuesday 24 November 2026');
    expect(formatDay(day, 'fr', fr)).toBe('mardi 24 novembre 2026');
    expect(formatDay(day, 'nl', nl)).toBe('dinsdag 24 november 2026');
    expect(formatDay(day, 'de', de)).toBe('Dienstag, 24. November 2026');
    expect(formatTime('2026-11-24T14:30:00Z', 'en-US', 'Europe/London')).toBe('02:30 PM');
    expect(formatTime('2026-11-24T14:30:00Z', 'de', 'Europe/London')).toBe('14:30');
    const rent = { amount: 1250, currency: 'GBP', period: 'month' } as const;
    expect(formatPrice(rent, 'en-GB', enGB)).toBe('£1,250 pcm');
    expect(formatPrice(rent, 'fr', fr)).toBe('1\u202f250\u00a0£GB par mois');
    expect(formatPrice(rent, 'de', de)).toBe('1.250\u00a0£ pro Monat');
    expect(weekRange('2026-11-24', '2026-11-30', 'en-US')).toMatch(/^Nov 24\s–\s30$/);
  });
});

describe('choosing the language', () => {
  it.each([
    [undefined, 'en-GB', 'en-GB'],
    ['', 'en-GB', 'en-GB'],
    ['en', 'en-GB', 'en'],
    ['en-AU', 'en-GB', 'en-AU'],
    ['en-us', 'en-US', 'en-US'],
    ['fr', 'fr', 'fr'],
    ['fr-BE', 'fr', 'fr-BE'],
    ['nl-BE', 'nl', 'nl-BE'],
    ['de-CH', 'de', 'de-CH'],
    ['es-ES', 'en-GB', 'en-GB'],
    ['not a tag', 'en-GB', 'en-GB'],
  ])('%s speaks %s and formats as %s', (tag, language, intl) => {
    expect(pickLanguage(tag)).toEqual({ language, intl });
  });
});

describe('loading a language', () => {
  it('has en-GB at once, without loading anything', async () => {
    expect(await loadMessages('en-GB')).toBe(enGB);
  });

  it('gives up (and the widget stays in English) when the language file cannot be had', async () => {
    vi.doMock('../../widget/i18n/de.ts', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    try {
      // A fresh copy of the loader, so it imports the mocked file rather than the one this test file has.
      vi.resetModules();
      const fresh = await import('../../widget/i18n/locales.ts');
      expect(await fresh.loadMessages('de')).toBeUndefined();
    } finally {
      vi.doUnmock('../../widget/i18n/de.ts');
    }
  });

  it('refuses a language file from another version, whose strings have another shape', async () => {
    vi.doMock('../../widget/i18n/nl.ts', () => ({ nl: { dir: 'ltr', steps: {} } }));
    try {
      // A fresh copy of the loader, so it imports the mocked file rather than the one this test file has.
      vi.resetModules();
      const fresh = await import('../../widget/i18n/locales.ts');
      expect(await fresh.loadMessages('nl')).toBeUndefined();
    } finally {
      vi.doUnmock('../../widget/i18n/nl.ts');
    }
  });

  it('refuses strings that do not have the shape of a full translation', () => {
    const partial: Partial<Messages> = { ...fr };
    delete partial.summary;
    expect(isMessages(partial)).toBe(false);
    expect(isMessages({ ...fr, close: 42 })).toBe(false);
    expect(isMessages({ ...fr, progress: 'Étape' })).toBe(false);
    expect(isMessages(fr)).toBe(true);
  });
});
