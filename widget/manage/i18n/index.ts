import type { Language } from '../../i18n/locales.ts';
import { manageDe } from './de.ts';
import { manageEnGB, type ManageMessages } from './en-GB.ts';
import { manageEnUS } from './en-US.ts';
import { manageFr } from './fr.ts';
import { manageNl } from './nl.ts';

/**
 * The manage view's words in every language the widget speaks. All five ride in the manage file: it is loaded
 * only from a visitor's own link, where one request beats a second one for a language file.
 */
export const MANAGE_MESSAGES: Record<Language, ManageMessages> = {
  'en-GB': manageEnGB,
  'en-US': manageEnUS,
  fr: manageFr,
  nl: manageNl,
  de: manageDe,
};

export type { ManageMessages };
