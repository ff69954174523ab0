// `viewing-widget.waitlist.js`: the waiting list's offer, days, confirmation and words, loaded only for a home
// whose agency keeps a list.
import { askDays, Joined, Offer } from './Waitlist.tsx';
import { waitlistWords } from './words.ts';

export const WAITLIST_KIT = { Offer, Joined, askDays, words: waitlistWords };
export type WaitlistKit = typeof WAITLIST_KIT;
