import { enGB, type Messages } from './en-GB.ts';

/** The languages the widget speaks; all but en-GB load on demand from a file next to the script. */
export const LANGUAGES = ['en-GB', 'en-US', 'fr', 'nl', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The wording to use for a BCP 47 tag (`fr-BE` speaks `fr`), and the tag to format dates, times and prices
 * with, so a Belgian page gets French words with Belgian number formats. Anything unknown is British English.
 */
export function pickLanguage(tag: string | null | undefined): { language: Language; intl: string } {
  const t = (tag ?? '').trim();
  const base = t.slice(0, 2).toLowerCase();
  const language =
    base === 'en' ? (/^en-us$/i.test(t) ? 'en-US' : 'en-GB') : (LANGUAGES.find((l) => l === base) ?? 'en-GB');
  let intl: string = language;
  try {
    if (language !== 'en-GB' || base === 'en') intl = Intl.getCanonicalLocales(t)[0] ?? language;
  } catch {
    // A malformed tag keeps the language's own formats.
  }
  return { language, intl };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

/** Same keys and kinds of value as en-GB, all the way down: a stale or foreign file is refused, not half used. */
export function isMessages(value: unknown, like: unknown = enGB): value is Messages {
  if (!isObj(like)) return typeof value === typeof like;
  return isObj(value) && Object.keys(like).every((k) => isMessages(value[k], like[k]));
}

/** Each language's file, split from the flow's code by the build (`viewing-widget.fr.js`). */
const LOADERS: Record<Exclude<Language, 'en-GB'>, () => Promise<unknown>> = {
  'en-US': () => import('./en-US.ts').then((m) => m.enUS),
  fr: () => import('./fr.ts').then((m) => m.fr),
  nl: () => import('./nl.ts').then((m) => m.nl),
  de: () => import('./de.ts').then((m) => m.de),
};

/**
 * The strings for `language`: en-GB at once, others from `viewing-widget.<language>.js` beside the script.
 * Resolves to undefined when the file cannot be had or holds something else; the caller falls back to en-GB.
 */
export function loadMessages(language: Language): Promise<Messages | undefined> {
  if (language === 'en-GB') return Promise.resolve(enGB);
  return LOADERS[language]().then(
    (messages) => (isMessages(messages) ? messages : undefined),
    () => undefined,
  );
}
