import { formatInTimeZone } from 'date-fns-tz';
import type { VisitorMessage } from '../../backends/index.ts';
import { awaitingOwner, type ViewingRecord } from './record.ts';

export type MessageKind = 'confirmation' | 'rescheduled' | 'cancelled' | 'reminder';
export type VisitorText = VisitorMessage & { kind: MessageKind };

/**
 * The words checked at booking, when the page sent none: the widget's own en-GB label for the marketing box.
 * Recorded with the choice, because consent is only as good as the wording it was given to.
 */
export const DEFAULT_CONSENT_WORDING =
  'Send me news about similar properties by email. You can unsubscribe at any time.';

/** E.g. `Tuesday 24 November 2026 at 10:30 GMT`: the branch's wall clock, with its zone named. */
export function viewingTime(start: string, timeZone: string): string {
  return formatInTimeZone(new Date(start), timeZone, "EEEE d MMMM yyyy 'at' HH:mm zzz");
}

/**
 * What the visitor is told, in plain English. Only the home, the branch and the link: never a negotiator's or
 * anyone else's details. Nothing the booking form was given opens a message either, not even the visitor's
 * name: whoever books chooses it, and could otherwise have the agency send any words they like to any address.
 */
export function visitorMessage(
  kind: MessageKind,
  record: ViewingRecord,
  manageUrl: string,
  /** Who made the change told of: a move by the home's owner is their agreement to another time. */
  by?: 'visitor' | 'staff' | 'owner' | 'unavailable',
): VisitorText {
  const { property, branch, booking } = record;
  const when = viewingTime(booking.start, branch.timeZone);
  const call = branch.phone ? `call ${branch.name} on ${branch.phone}` : `contact ${branch.name}`;
  const manage = `To add it to your calendar, move it or cancel it: ${manageUrl}`;
  const lines = (...parts: string[]) => ['Hello,', '', ...parts].join('\n');
  switch (kind) {
    case 'confirmation':
      if (awaitingOwner(record) && record.approval) {
        const by = viewingTime(record.approval.answerBy, branch.timeZone);
        return {
          kind,
          subject: `We have asked the owner about your viewing of ${property.address}`,
          body: lines(
            `You asked to view ${property.address} on ${when}.`,
            `The owner of this home agrees each viewing first. We have asked them, and will tell you by ${by} whether it is confirmed; the time is kept for you meanwhile.`,
            `Your reference is ${booking.reference}.`,
            '',
            `To see or cancel your request: ${manageUrl}`,
          ),
        };
      }
      return booking.status === 'requested'
        ? {
            kind,
            subject: `We have your viewing request for ${property.address}`,
            body: lines(
              `You asked to view ${property.address} on ${when}.`,
              `${branch.name} will confirm it shortly; we will tell you as soon as they have.`,
              `Your reference is ${booking.reference}.`,
              '',
              `To see or cancel your request: ${manageUrl}`,
            ),
          }
        : {
            kind,
            subject: `Your viewing of ${property.address} is booked`,
            body: lines(
              `Your viewing of ${property.address} is booked for ${when} with ${branch.name}.`,
              `Your reference is ${booking.reference}.`,
              '',
              manage,
              `If you have any questions, ${call}.`,
            ),
          };
    case 'rescheduled':
      if (by === 'owner') {
        return {
          kind,
          subject: `Your viewing of ${property.address} is booked, at another time`,
          body: lines(
            `The owner of ${property.address} could not do the time you asked for, and agreed to ${when} instead, with ${branch.name}.`,
            `Your viewing is booked for then. Your reference is ${booking.reference}.`,
            '',
            `If it does not suit you, move or cancel it here: ${manageUrl}`,
          ),
        };
      }
      return {
        kind,
        subject: `Your viewing of ${property.address} has moved`,
        body: lines(
          `Your viewing of ${property.address} is now on ${when} with ${branch.name}.`,
          `The earlier time is cancelled. Your reference is ${booking.reference}.`,
          '',
          manage,
        ),
      };
    case 'cancelled':
      // Staff may have written a reason for their own eyes: the visitor is told only that the branch cancelled.
      if (record.cancelledBy === 'staff') {
        return {
          kind,
          subject: `Your viewing of ${property.address} is cancelled`,
          body: lines(
            `We are sorry: ${branch.name} has had to cancel your viewing of ${property.address} on ${when}.`,
            `To arrange another time, book again on the website or ${call}.`,
          ),
        };
      }
      if (record.cancelledBy === 'owner') {
        const why =
          record.approval?.status === 'expired'
            ? `the owner of ${property.address} did not confirm your viewing on ${when} in time`
            : `the owner of ${property.address} could not agree to a viewing on ${when}`;
        return {
          kind,
          subject: `Your viewing of ${property.address} could not be confirmed`,
          body: lines(
            `We are sorry: ${why}, so it is not going ahead.`,
            `To ask for another time, book again on the website or ${call}.`,
          ),
        };
      }
      return record.cancelledBy === 'unavailable'
        ? {
            kind,
            subject: `The time you asked to view ${property.address} is no longer free`,
            body: lines(
              `We are sorry: by the time ${branch.name} could take your request, ${when} had been booked by someone else.`,
              `To choose another time, book again on the website or ${call}.`,
            ),
          }
        : {
            kind,
            subject: `Your viewing of ${property.address} is cancelled`,
            body: lines(
              `Your viewing of ${property.address} on ${when} is cancelled, as you asked.`,
              `If you would like to see it another time, book again on the website or ${call}.`,
            ),
          };
    case 'reminder':
      return {
        kind,
        subject: `Reminder: your viewing of ${property.address}`,
        body: lines(
          `This is a reminder of your viewing of ${property.address} on ${when} with ${branch.name}.`,
          `Your reference is ${booking.reference}.`,
          '',
          `If you can no longer make it, please let us know: ${manageUrl}`,
          `If you are running late on the day, ${call}.`,
        ),
      };
  }
}
