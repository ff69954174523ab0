/** Keyed by the proxy's error `code` (plus the widget's own `network`); anything unlisted gets `generic`. */
const errors = {
  network: 'We could not reach the booking service. Check your connection and try again.',
  rate_limited: 'Lots of people are booking right now. Please wait a moment and try again.',
  not_found: 'We could not find that. It may no longer be available.',
  upstream_unavailable: 'The booking system is not answering right now. Please try again in a moment.',
  generic: 'Something went wrong on our side. Please try again.',
  fields: 'Please check the highlighted details.',
};

/**
 * Every string a visitor sees, in British English: the default, and the only language inside the main script.
 * Other languages copy this shape (`Messages`) so a missing translation is a type error rather than a blank button.
 */
export const enGB = {
  /** The way the language is written, set on the widget's root: a page's own `dir` must not turn it round. */
  dir: 'ltr' as 'ltr' | 'rtl',
  steps: {
    branch: 'Choose a branch',
    property: 'Choose a property',
    slot: 'Choose a time',
    details: 'Your details',
    confirm: 'Check and book',
    done: 'Viewing booked',
  },
  progress: (n: number, total: number) => `Step ${n} of ${total}`,
  stepAnnouncement: (n: number, total: number, title: string) => `Step ${n} of ${total}: ${title}`,
  back: 'Back',
  loading: 'Loading…',
  retry: 'Try again',

  missingProxy: 'This booking widget is not set up yet: its "proxy" attribute is missing.',
  errors,

  branchIntro: 'Which of our branches would you like to visit?',
  noBranches: 'There are no branches to book with at the moment.',

  channelLegend: 'Show',
  channels: { all: 'All', lettings: 'To let', sales: 'For sale' },
  noProperties: 'There are no properties to show here right now.',
  search: {
    legend: 'Find a home',
    words: 'Street, town or postcode',
    minPrice: 'Min price',
    maxPrice: 'Max price',
    bedrooms: 'Bedrooms',
    anyBedrooms: 'Any',
    atLeast: (n: number) => `${n}+`,
    submit: 'Search',
    clear: 'Show all homes',
    matches: (shown: number, total: number) => `Showing ${shown} of ${total} homes`,
    none: 'No homes match your search.',
  },
  showMore: 'Show more properties',
  chooseProperty: 'Book a viewing',
  /** The address tells apart the many homes a branch lists under one title ("1 bedroom flat"). */
  choosePropertyLabel: (title: string, address: string) => `Book a viewing of ${title}, ${address}`,
  photoAlt: (title: string) => `Photo of ${title}`,
  bedrooms: (n: number) => (n === 0 ? 'Studio' : n === 1 ? '1 bedroom' : `${n} bedrooms`),
  pricePeriod: { week: 'per week', month: 'pcm', year: 'per year' },
  priceOnApplication: 'Price on application',

  longDate: (p: { weekday: string; day: string; month: string; year: string }) =>
    `${p.weekday} ${p.day} ${p.month} ${p.year}`,
  timeRange: (from: string, to: string) => `${from} to ${to}`,
  zoneNote: (name: string, zone: string) => `Times shown in ${name} (${zone})`,
  previousWeek: 'Previous week',
  nextWeek: 'Next week',
  dayLabel: (date: string, free: number) =>
    free === 0 ? `${date}, no times free` : `${date}, ${free} ${free === 1 ? 'time' : 'times'} free`,
  freeCount: (free: number) => (free === 0 ? 'Full' : `${free} free`),
  timesFor: (date: string) => `Times on ${date}`,
  slotLabel: (date: string, range: string) => `${date}, ${range}`,
  /** An open house or block viewing: how many more visitors the time holds. */
  placesLeft: (left: number) => (left === 1 ? '1 place left' : `${left} places left`),
  noTimesThisWeek: 'There are no free times this week.',
  noTimesOnDay: (date: string) => `There are no free times on ${date}.`,
  jumpToFree: 'Jump to the first free day',
  noTimesSoon: 'There are no free times in the next 8 weeks. Please contact the branch.',
  alternatives: 'Free times nearby',
  slotTaken: 'That time has just been taken. Please choose another — your details are kept.',

  fields: {
    firstName: 'First name',
    lastName: 'Last name',
    email: 'Email',
    phone: 'Phone',
    message: 'Message for the agent (optional)',
  },
  marketing:
    'Send me news about similar properties by email. You can unsubscribe at any time. (Optional — leave unticked if you prefer not.)',
  invalid: {
    firstName: 'Enter your first name',
    lastName: 'Enter your last name',
    name: 'Use letters, spaces, apostrophes, hyphens and dots only',
    email: 'Enter an email address like name@example.com',
    phone: 'Enter a phone number, digits only, with an optional leading +',
    message: 'Keep your message under 1,000 characters',
  },
  continue: 'Continue',

  summary: {
    property: 'Property',
    when: 'When',
    you: 'Your details',
    message: 'Message',
    marketing: 'News by email',
    yes: 'Yes',
    no: 'No',
  },
  changeProperty: 'Change property',
  changeTime: 'Change time',
  changeDetails: 'Change details',
  book: 'Book viewing',
  /** For a home whose owner agrees each viewing, above the button. */
  ownerFirst: 'The owner of this home agrees each viewing first: booking sends them your request.',
  /** For a time that holds several visitors, above the button. */
  openHouse: 'An open viewing: other visitors may be shown round at the same time.',
  booking: 'Booking…',

  doneRequested: 'Viewing requested',
  reference: 'Your reference',
  branch: 'Branch',
  nextConfirmed: 'Your viewing is in the branch’s diary. Please keep your reference.',
  nextRequested: 'The branch will confirm your viewing by email or phone. Please keep your reference.',
  /** For a home whose owner agrees each viewing; `by` is when the visitor will hear. */
  nextOwner: (by: string) =>
    `The owner agrees each viewing first. We will email you their answer by ${by}; the time is kept for you until then.`,
  whatNext: 'What happens next',
  calendar: 'Add to calendar:',
  ics: 'Calendar file',
  manage: 'Change or cancel',

  /** The floating button's label and the popup's title. */
  open: 'Book a viewing',
  close: 'Close',
};

export type Messages = typeof enGB;
