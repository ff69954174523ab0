import { formatInTimeZone } from 'date-fns-tz';
import { googleCalendarUrl, icsFile, outlookCalendarUrl, type CalendarEvent } from '../../calendar/index.ts';
import type { Booking, ManagedViewing } from '../../contract/index.ts';
import { shownBooking, type ViewingRecord } from './record.ts';
import type { ManageTokens } from './token.ts';

export interface ManagePolicy {
  /** Page of the agency's own site with `{token}` in it; else the proxy's `/manage/<token>`. */
  urlTemplate?: string;
  /** Changes are refused this close to the start. */
  noticeMinutes: number;
  /** How long after the viewing its link works and feedback is asked for. */
  feedbackDays: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** An instant as ISO 8601 with the branch's offset then, like every time the API gives. */
export const inZone = (at: Date | string | number, timeZone: string) =>
  formatInTimeZone(new Date(at), timeZone, "yyyy-MM-dd'T'HH:mm:ssxxx");

/** Everything a visitor's link leads to is made from the record and the signing secret: nothing else is kept. */
export class ManageViews {
  constructor(
    private readonly tokens: ManageTokens,
    private readonly policy: ManagePolicy,
    /** Sign the owner's links, apart from the visitor's. */
    private readonly ownerTokens: ManageTokens,
  ) {}

  /** The link stops working once the feedback window after the viewing is over. */
  expiresAt(record: ViewingRecord): Date {
    return new Date(Date.parse(record.booking.end) + this.policy.feedbackDays * DAY);
  }

  verify(token: string, now: Date) {
    return this.tokens.verify(token, now);
  }

  token(record: ViewingRecord): string {
    return this.tokens.sign(record.id, this.expiresAt(record));
  }

  manageUrl(record: ViewingRecord): string {
    const token = this.token(record);
    return this.policy.urlTemplate
      ? this.policy.urlTemplate.replaceAll('{token}', token)
      : `${record.linkBase}/manage/${token}`;
  }

  /**
   * The owner's link to agree to the viewing, `<base>/approve/<token>`: it works until the answer is due, and
   * shows the outcome if opened again before then.
   */
  approvalUrl(record: ViewingRecord): string | undefined {
    if (!record.approval) return undefined;
    return `${record.linkBase}/approve/${this.ownerTokens.sign(record.id, new Date(record.approval.answerBy))}`;
  }

  verifyOwner(token: string, now: Date) {
    return this.ownerTokens.verify(token, now);
  }

  /** The latest moment the visitor may move or cancel the viewing themselves. */
  changeableUntil(record: ViewingRecord): Date {
    return new Date(Date.parse(record.booking.start) - this.policy.noticeMinutes * MINUTE);
  }

  /** The booking as the visitor sees it: with its manage link and calendar links (none holds their details). */
  booking(record: ViewingRecord): Booking {
    const token = this.token(record);
    const event = this.event(record, { withVisitor: false });
    return {
      ...shownBooking(record),
      calendar: {
        ics: `${record.linkBase}/v1/bookings/${token}/calendar.ics`,
        google: googleCalendarUrl(event),
        outlook: outlookCalendarUrl(event),
      },
      manageUrl: this.manageUrl(record),
    };
  }

  view(record: ViewingRecord, now: Date): ManagedViewing {
    const { booking, branch } = record;
    const until = this.changeableUntil(record);
    const phase: ManagedViewing['phase'] =
      booking.status === 'cancelled'
        ? 'cancelled'
        : now.getTime() >= Date.parse(booking.end)
          ? 'feedback'
          : now.getTime() <= until.getTime()
            ? 'changeable'
            : 'locked';
    return {
      booking: this.booking(record),
      property: record.property,
      branch,
      phase,
      changeableUntil: inZone(until, branch.timeZone),
      consent: {
        marketing: record.consent.marketing,
        wording: record.consent.wording,
        at: inZone(record.consent.at, branch.timeZone),
      },
      feedbackGiven: record.feedback !== undefined,
    };
  }

  /** The `.ics` file: the visitor downloads it through their own link, so it may name them as the attendee. */
  ics(record: ViewingRecord): string {
    return icsFile(this.event(record, { withVisitor: true }));
  }

  private event(record: ViewingRecord, { withVisitor }: { withVisitor: boolean }): CalendarEvent {
    const { booking, property, branch, guest } = record;
    const manageUrl = this.manageUrl(record);
    const call = branch.phone ? ` To speak to someone, call ${branch.name} on ${branch.phone}.` : '';
    return {
      // The record id, not the upstream reference: a reschedule may give a new reference, never a new entry.
      uid: `${record.id}@viewing-widget`,
      sequence: record.sequence,
      status:
        shownBooking(record).status === 'requested'
          ? 'tentative'
          : booking.status === 'cancelled'
            ? 'cancelled'
            : 'confirmed',
      start: booking.start,
      end: booking.end,
      timeZone: booking.timeZone,
      summary: `Viewing: ${property.address}`,
      description: `Viewing of ${property.title} with ${branch.name}. Reference ${booking.reference}.${call}`,
      location: property.address,
      url: manageUrl,
      ...(branch.email ? { organizer: { name: branch.name, email: branch.email } } : {}),
      ...(withVisitor
        ? { attendee: { name: `${guest.firstName} ${guest.lastName}`, email: guest.email } }
        : {}),
      // Same version, same file: the stamp moves only when the viewing does.
      stamp: new Date(record.changedAt),
    };
  }
}
