/**
 * The manage view's own words, in British English. Words the booking flow already has (dates, times, "Branch",
 * the marketing sentence) come from the widget's messages instead. Other languages copy this shape, so a
 * missing translation is a type error.
 */
export const manageEnGB = {
  title: 'Your viewing',
  cancelledTitle: 'Viewing cancelled',
  overTitle: 'After your viewing',
  rescheduleTitle: 'Choose another time',
  cancelTitle: 'Cancel your viewing',
  changeUntil: (when: string) => `You can move or cancel it here until ${when}.`,
  locked: (branch: string) =>
    `Your viewing is too soon to change here. To move or cancel it, please contact ${branch}.`,
  call: (phone: string) => `Call ${phone}`,
  requested: 'The branch has not confirmed this viewing yet, so it cannot be moved. You can still cancel it.',
  /** While the home's owner has yet to agree; `by` is when the visitor will know. */
  awaitingOwner: (by: string) =>
    `The owner of this home agrees each viewing first. We have asked them, and will email you their answer by ${by}. You can still cancel it.`,
  /** The owner declined, or did not answer in time. */
  ownerDeclined:
    'The owner of this home could not agree to this viewing, so it is not going ahead. You are welcome to book another time.',
  cancelledText: 'This viewing has been cancelled. If it is in your calendar, this file takes it out:',
  removeFromCalendar: 'Remove from calendar',
  otherTime: 'Choose another time',
  cancel: 'Cancel viewing',
  current: (when: string) => `Your viewing is on ${when}.`,
  moveTo: (when: string) => `Move my viewing to ${when}`,
  moved: (when: string) => `Done: your viewing has moved to ${when}.`,
  cancelAsk: 'Are you sure? The branch will be told, and the time freed for someone else.',
  reason: 'Reason (optional)',
  confirmCancel: 'Yes, cancel the viewing',
  keep: 'No, keep it',
  cancelledNotice: 'Your viewing is cancelled.',
  saved: 'Your choice is saved.',
  feedbackIntro: 'Please tell us how the viewing went. It helps the branch, and takes a minute.',
  experience: 'How was the viewing?',
  experiences: { good: 'Good', okay: 'Okay', poor: 'Poor' },
  interest: 'Are you interested in this home?',
  interests: { interested: 'Yes', undecided: 'Not sure yet', not_interested: 'No' },
  comments: 'Anything else you would like to tell us? (optional)',
  send: 'Send',
  sending: 'Sending…',
  chooseAnswers: 'Please answer both questions.',
  thanks: 'Thank you for telling us how it went.',
  /** Keyed by the proxy's error `code`; codes not here use the widget's own error messages. */
  errors: {
    invalid_token: 'This link does not work. Please use the link from your confirmation message.',
    link_expired: 'This link has expired. For anything about this viewing, please contact the branch.',
    not_found: 'We cannot find this viewing any more. Please contact the branch.',
    not_changeable: 'This viewing cannot be changed here. Please contact the branch.',
    slot_taken: 'That time has just been taken, so your viewing has not moved. Please choose another time.',
    booking_in_progress: 'Another change to this viewing is under way. Please try again in a moment.',
    feedback_not_open: 'You can tell us how the viewing went once it is over.',
  },
};

export type ManageMessages = typeof manageEnGB;
