import { manageEnGB, type ManageMessages } from './en-GB.ts';

/** American English: "tour" for viewing, "office" for branch, as in the booking flow. */
export const manageEnUS: ManageMessages = {
  ...manageEnGB,
  title: 'Your tour',
  cancelledTitle: 'Tour canceled',
  overTitle: 'After your tour',
  cancelTitle: 'Cancel your tour',
  changeUntil: (when) => `You can reschedule or cancel it here until ${when}.`,
  locked: (branch) =>
    `Your tour is too soon to change here. To reschedule or cancel it, please contact ${branch}.`,
  requested:
    'The office hasn’t confirmed this tour yet, so it can’t be rescheduled. You can still cancel it.',
  awaitingOwner: (by: string) =>
    `The owner of this home approves each tour first. We’ve asked them and will email you their answer by ${by}. You can still cancel it.`,
  ownerDeclined:
    'The owner of this home couldn’t approve this tour, so it isn’t going ahead. You’re welcome to book another time.',
  cancelledText: 'This tour has been canceled. If it’s on your calendar, this file takes it off:',
  cancel: 'Cancel tour',
  current: (when) => `Your tour is on ${when}.`,
  moveTo: (when) => `Reschedule my tour to ${when}`,
  moved: (when) => `Done: your tour is now on ${when}.`,
  cancelAsk: 'Are you sure? The office will be told, and the time freed up for someone else.',
  confirmCancel: 'Yes, cancel the tour',
  cancelledNotice: 'Your tour is canceled.',
  feedbackIntro: 'Please tell us how the tour went. It helps the office, and takes a minute.',
  experience: 'How was the tour?',
  thanks: 'Thank you for telling us how it went.',
  errors: {
    ...manageEnGB.errors,
    link_expired: 'This link has expired. For anything about this tour, please contact the office.',
    not_found: 'We can’t find this tour anymore. Please contact the office.',
    not_changeable: 'This tour can’t be changed here. Please contact the office.',
    slot_taken: 'That time was just taken, so your tour hasn’t moved. Please choose another time.',
    booking_in_progress: 'Another change to this tour is underway. Please try again in a moment.',
    feedback_not_open: 'You can tell us how the tour went once it’s over.',
  },
};
