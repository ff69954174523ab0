import { enGB, type Messages } from './en-GB.ts';

/** American English: "tour" for viewing, "office" for branch, "available" for free, month-first dates. */
export const enUS: Messages = {
  ...enGB,
  errors: {
    ...enGB.errors,
    rate_limited: 'Lots of people are scheduling right now. Please wait a moment and try again.',
    not_found: 'We couldn’t find that. It may no longer be available.',
    network: 'We couldn’t reach the scheduling service. Check your connection and try again.',
  },
  steps: {
    branch: 'Choose an office',
    property: 'Choose a property',
    slot: 'Choose a time',
    details: 'Your details',
    confirm: 'Review and schedule',
    done: 'Tour scheduled',
  },
  missingProxy: 'This scheduling widget isn’t set up yet: its "proxy" attribute is missing.',
  branchIntro: 'Which of our offices would you like to work with?',
  noBranches: 'There are no offices taking tours right now.',
  channels: { all: 'All', lettings: 'For rent', sales: 'For sale' },
  showMore: 'Show more properties',
  search: { ...enGB.search, words: 'Street, city or ZIP code' },
  chooseProperty: 'Schedule a tour',
  choosePropertyLabel: (title, address) => `Schedule a tour of ${title}, ${address}`,
  pricePeriod: { week: 'per week', month: 'per month', year: 'per year' },
  priceOnApplication: 'Price upon request',
  longDate: (p) => `${p.weekday}, ${p.month} ${p.day}, ${p.year}`,
  dayLabel: (date, free) =>
    free === 0
      ? `${date}, no times available`
      : `${date}, ${free} ${free === 1 ? 'time' : 'times'} available`,
  freeCount: (free) => (free === 0 ? 'Full' : `${free} open`),
  noTimesThisWeek: 'There are no times available this week.',
  noTimesOnDay: (date) => `There are no times available on ${date}.`,
  jumpToFree: 'Jump to the first available day',
  noTimesSoon: 'There are no times available in the next 8 weeks. Please contact the office.',
  alternatives: 'Other available times',
  slotTaken: 'That time was just taken. Please choose another one — your details have been saved.',
  marketing:
    'Email me about similar properties. You can unsubscribe at any time. (Optional — leave unchecked if you’d rather not.)',
  summary: { ...enGB.summary, marketing: 'Property emails' },
  book: 'Schedule tour',
  ownerFirst: 'The owner of this home approves each tour first: scheduling sends them your request.',
  openHouse: 'An open house: other visitors may tour at the same time.',
  booking: 'Scheduling…',
  doneRequested: 'Tour requested',
  reference: 'Your confirmation number',
  branch: 'Office',
  nextConfirmed: 'Your tour is on the office’s calendar. Please keep your confirmation number.',
  nextRequested: 'The office will confirm your tour by email or phone. Please keep your confirmation number.',
  nextOwner: (by: string) =>
    `The owner approves each tour first. We’ll email you their answer by ${by}; the time is held for you until then.`,
  manage: 'Reschedule or cancel',
  open: 'Schedule a tour',
};
