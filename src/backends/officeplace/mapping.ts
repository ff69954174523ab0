import { fromZonedTime } from 'date-fns-tz';
import {
  parseSlotTimesText,
  slotTimesText,
  type AgentRules,
  type BusyTime,
  type FreeTime,
  type SlotTimes,
} from '../../availability/index.ts';
import type {
  BookingSource,
  Branch,
  Consent,
  DiaryEntry,
  Guest,
  Property,
  Slot,
} from '../../contract/index.ts';
import { answersNote, approvalNote, sourceNote } from '../source-note.ts';
import type { BookingAnswer } from '../types.ts';
import { decodeOpaque, encodeOpaque, inZone } from '../slot-time.ts';
import type { NewAppointment, PreviewItem } from './schemas.ts';
import type { OfficePlaceBranch, OfficePlaceProperty } from './settings.ts';

export const adaptBranch = ({ agents: _agents, viewing: _viewing, ...branch }: OfficePlaceBranch): Branch =>
  branch;

export const adaptProperty = ({ viewing: _viewing, ...property }: OfficePlaceProperty): Property => property;

/** The branch's agents as the availability engine names them: by directory user id. */
export const engineAgents = (branch: OfficePlaceBranch): AgentRules[] =>
  branch.agents.map(({ adId, domainId: _domainId, ...rules }) => ({ ...rules, id: adId }));

export const instant = (text: string, timeZone: string | null | undefined): Date =>
  /(?:Z|[+-]\d{2}:\d{2})$/i.test(text) ? new Date(text) : fromZonedTime(text, timeZone ?? 'UTC');

/** Whether an entry leaves the agent unavailable: anything not cancelled and not shown as free. */
export const blocksTime = (item: Pick<PreviewItem, 'isCancelled' | 'showAs'>): boolean =>
  !item.isCancelled && item.showAs?.toLowerCase() !== 'free';

/** The times entries leave the agent unavailable. */
export const busyTimes = (items: readonly PreviewItem[], adId: string): BusyTime[] =>
  items.filter(blocksTime).map((item) => ({
    agentId: adId,
    start: instant(item.startTime, item.timeZone),
    end: instant(item.endTime, item.timeZone),
  }));

/** OfficePlace has no slots, so the id carries the times; booking recomputes who is free then. */
export const slotId = (times: SlotTimes): string => encodeOpaque(`op1|${slotTimesText(times)}`);

export function parseSlotId(id: string): SlotTimes | undefined {
  const text = decodeOpaque(id) ?? '';
  return text.startsWith('op1|') ? parseSlotTimesText(text.slice(4)) : undefined;
}

export const adaptFreeTimes = (times: readonly FreeTime[]): Slot[] =>
  times.map((time) => ({ id: slotId(time), start: time.start, end: time.end }));

export interface ViewingRequest {
  property: Property;
  times: SlotTimes;
  calendar: { adId: string; domainId: string };
  timeZone: string;
  /** The create body's `showAsStatus` for a busy entry. */
  showAsStatus: string | number;
  guest: Guest;
  consent: Consent;
  message?: string;
  source?: BookingSource;
  answers?: readonly BookingAnswer[];
  ownerApproval?: boolean;
}

/**
 * The viewing as the agent sees it in Outlook. Times go with their offset, which names one instant even in
 * the hour a clock change repeats; the zone is there for how Outlook shows it.
 */
export function viewingAppointment({
  property,
  times,
  calendar,
  timeZone,
  showAsStatus,
  guest,
  consent,
  message,
  source,
  answers,
  ownerApproval,
}: ViewingRequest): NewAppointment {
  const name = `${guest.firstName} ${guest.lastName}`;
  return {
    domainId: calendar.domainId,
    adId: calendar.adId,
    subject: `Viewing — ${property.address} — ${name}`,
    body: {
      content: [
        // The proxy's words open the entry; the name the visitor typed comes after them.
        `Viewing of ${property.title}, ${property.address}, booked by ${name}.`,
        `Email: ${guest.email}`,
        `Phone: ${guest.phone}`,
        `Marketing consent: ${consent.marketing ? 'yes' : 'no'}`,
        ...(message ? ['', message] : []),
        '',
        'Booked online through the website viewing widget.',
        ...(ownerApproval ? ['', approvalNote(ownerApproval)] : []),
        ...(answers?.length ? ['', answersNote(answers)] : []),
        ...(source ? [sourceNote(source)] : []),
      ].join('\n'),
      contentType: 'Text',
    },
    startTime: times.start,
    endTime: times.end,
    timeZone,
    showAsStatus,
    location: property.address,
  };
}

/**
 * Whether an appointment's text names this e-mail address: the visitor's own booking writes it in the body
 * (`Email: …`), and Outlook may have turned that text into HTML since, so the address is looked for as a
 * whole token rather than as that exact line.
 */
export function mentionsEmail(content: string, email: string): boolean {
  const address = email.trim().toLowerCase();
  if (!address) return false;
  const text = content.toLowerCase();
  // Characters that may stand next to an address in text or HTML without being part of it.
  const edge = /[\s<>"'(),;:[\]]/;
  const bounds = (char: string) => char === '' || edge.test(char);
  for (let at = text.indexOf(address); at >= 0; at = text.indexOf(address, at + 1)) {
    const end = at + address.length;
    // A full stop may end the sentence after an address, but not a longer address (`…@example.org.uk`).
    const after = text.charAt(end) === '.' ? text.charAt(end + 1) : text.charAt(end);
    if (bounds(text.charAt(at - 1)) && bounds(after)) return true;
  }
  return false;
}

/**
 * Calendars hold everything an agent does; viewings are the entries whose subject says so, as the widget
 * writes them (`Viewing — address — visitor`) and as agents tend to when they add one in Outlook.
 */
export const isViewing = (item: Pick<PreviewItem, 'subject'>): boolean =>
  /^\s*viewing\b/i.test(item.subject ?? '');

/** A viewing as staff see it in the branch's diary; the visitor is read back from the subject we wrote. */
export function diaryEntry(
  item: PreviewItem,
  branch: Pick<Branch, 'id' | 'timeZone'>,
  negotiator: { id: string; name: string },
  propertyId: string | undefined,
): DiaryEntry {
  const parts = (item.subject ?? '').split(' — ');
  const viewer = parts.length >= 3 ? parts.at(-1)?.trim() : undefined;
  return {
    reference: item.appointmentId,
    branchId: branch.id,
    ...(propertyId ? { propertyId } : {}),
    start: inZone(instant(item.startTime, item.timeZone), branch.timeZone),
    end: inZone(instant(item.endTime, item.timeZone), branch.timeZone),
    negotiator,
    ...(viewer ? { viewer } : {}),
    ...(item.subject ? { subject: item.subject } : {}),
    cancelled: item.isCancelled === true,
  };
}
