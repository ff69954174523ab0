import { systemClock } from '../../clock.ts';
import type { CallPriority } from '../budget.ts';
import { SkippedRecords } from '../skipped.ts';
import type { Capabilities } from '../types.ts';
import type {
  BookingSource,
  Branch,
  Channel,
  DiaryEntry,
  Guest,
  Property,
  Slot,
  StaffMember,
} from '../../contract/index.ts';
import { SeenEvents, type EventMemory } from '../seen-events.ts';
import { answersNote, approvalNote, sourceNote } from '../source-note.ts';
import { addIsoDays } from '../slot-time.ts';
import {
  UpstreamError,
  type AccountCheck,
  type Backend,
  type BookInput,
  type BookingAnswer,
  type BookOutcome,
  type Catalog,
  type HeldBooking,
  type SlotWindow,
  type WebhookDelivery,
  type WebhookOutcome,
} from '../types.ts';
import { checkAccount } from './account.ts';
import { PexipEngageClient, type PexipEngageClientOptions } from './client.ts';
import { chooseOffice, factsOf } from './listing-facts.ts';
import { ManagedAppointments, upstreamOf } from './manage.ts';
import {
  adaptBooking,
  adaptListing,
  adaptOffice,
  adaptTimeSlots,
  canonicalInstant,
  inZone,
  localDateOf,
  parseSlotId,
  startOfLocalDay,
  translate,
} from './mapping.ts';
import type { AppointmentSubmission, Customer, MeetingType, Subject, TimeSlot } from './schemas.ts';
import type { ListingSettings } from './settings.ts';
import { WebhookReceiver } from './webhooks.ts';

export interface PexipEngageBackendOptions extends PexipEngageClientOptions {
  /** The subject visitors book. Default: the one named `subjectName` in any language. */
  subjectId?: string;
  /** Default `Property viewing`. */
  subjectName?: string;
  /** How the viewing takes place, as configured for the subject. Default `OFFICE`. */
  meetingType?: MeetingType;
  /**
   * The secret at the end of the webhook URL set in Pexip (`/v1/webhooks/pexip-engage/<secret>`), or sent
   * in `X-Webhook-Secret`; without it every webhook is refused.
   */
  webhookSecret?: string;
  /** Offices, channel, price and bedrooms of listings, by `externalId`: Pexip listings hold none of them. */
  listings?: Readonly<Record<string, ListingSettings>>;
  /** Currency of prices that do not name one. Default `EUR`. */
  currency?: string;
  /** Channel of listings that neither `listings` nor their tags place. Default `lettings`. */
  defaultChannel?: Channel;
  /**
   * Where the ids of webhook events already acted on are remembered: the proxy passes its store, so a
   * redelivery to another instance, or after a restart, is still known. Default: this process only.
   */
  webhookMemory?: EventMemory;
  /** Language of branch names, titles and addresses, falling back to en, nl, fr. Default `en`. */
  language?: string;
}

/** The booking re-check reads the slot's day and the week after it, enough to offer alternatives. */
const RECHECK_DAYS = 7;
/** How many other free times a visitor is offered when theirs was taken. */
const ALTERNATIVES = 6;

/**
 * Pexip Engage (formerly Skedify) behind the proxy's Backend interface: offices are branches, listings are
 * properties, the viewing subject's timetable gives the free times.
 *
 * @example
 * const backend = new PexipEngageBackend({
 *   baseUrl: 'https://api.pexipengage.com',
 *   authUrl: 'https://auth.pexipengage.com',
 *   enterprise: 'acme',
 *   clientId: process.env.PEXIP_CLIENT_ID ?? '',
 *   clientSecret: process.env.PEXIP_CLIENT_SECRET ?? '',
 *   webhookSecret: process.env.PEXIP_WEBHOOK_SECRET,
 * });
 */
export class PexipEngageBackend implements Backend {
  readonly name = 'pexip-engage';
  readonly title = 'Pexip Engage';
  readonly capabilities: Capabilities = {
    reinstate: 'reference',
    nativeMove: true,
    messages: false,
    feedback: false,
    consent: false,
    photos: false,
    openHouses:
      'Pexip Engage refuses an appointment at a time its employee already has one (APPOINTMENT_NO_AVAILABILITY), ' +
      'and an appointment holds one customer: a second viewer at one time cannot be booked',
    webhooks: true,
    direct: { cancel: true, uncancel: true, reschedule: true, negotiatorKey: 'employeeId', refusals: {} },
  };
  readonly skipped = new SkippedRecords('pexip-engage');
  readonly client: PexipEngageClient;
  private readonly language: string;
  private readonly meetingType: MeetingType;
  private readonly webhooks: WebhookReceiver;
  private subject: Promise<Subject> | undefined;
  /** Office id to the ids of its bookable listings, from the last sync: what a webhook makes stale. */
  private propertiesByOffice: Map<string, string[]> | undefined;
  private readonly managed: ManagedAppointments;

  constructor(private readonly options: PexipEngageBackendOptions) {
    this.client = new PexipEngageClient({ ...options, skipped: this.skipped });
    this.language = options.language ?? 'en';
    this.meetingType = options.meetingType ?? 'OFFICE';
    this.webhooks = new WebhookReceiver({
      secret: options.webhookSecret,
      seen: new SeenEvents({
        namespace: `pexip-engage:${options.enterprise}`,
        ...(options.webhookMemory ? { memory: options.webhookMemory } : {}),
      }),
      propertiesOf: (officeId) =>
        this.propertiesByOffice ? (this.propertiesByOffice.get(officeId) ?? []) : undefined,
      now: options.now ?? systemClock,
    });
    this.managed = new ManagedAppointments({
      client: this.client,
      timetable: (property, branch, from, days, priority = 'booking') =>
        this.timetable(property, branch, from, days, priority),
      viewingSubject: () => this.viewingSubject(),
      meetingType: this.meetingType,
      now: options.now ?? systemClock,
    });
  }

  async loadCatalog(): Promise<Catalog> {
    const [offices, listings] = await Promise.all([this.client.offices(), this.client.listings()]);
    const open = offices.filter((office) => office.active !== false);
    const branches = open.map((office) => adaptOffice(office, this.language));
    const defaults = {
      currency: (this.options.currency ?? 'EUR').toUpperCase(),
      channel: this.options.defaultChannel ?? 'lettings',
    };
    const properties: Property[] = [];
    for (const listing of listings) {
      // An inactive listing is off the market: nothing is wrong with it, it is just not offered.
      if (!listing.active) continue;
      const facts = factsOf(listing, this.options.listings ?? {});
      const office = chooseOffice(facts, open);
      if (!office.ok) {
        this.skipped.skip(office.reason, `GET /listings data[id=${listing.id}]`);
        continue;
      }
      properties.push(adaptListing(listing, this.language, office.officeId, facts, defaults));
    }
    // The subject is catalog too: refreshed with it, never looked up on a visitor's request.
    this.subject = this.findSubject();
    await this.subject;
    const byOffice = new Map<string, string[]>(branches.map((branch) => [branch.id, []]));
    for (const property of properties) byOffice.get(property.branchId)?.push(property.id);
    this.propertiesByOffice = byOffice;
    return { branches, properties };
  }

  async listSlots({ property, branch, from, days, priority = 'slots' }: SlotWindow): Promise<Slot[]> {
    const timetable = await this.timetable(property, branch, from, days, priority);
    return adaptTimeSlots(timetable, branch.id, branch.timeZone);
  }

  slotTimes(slotId: string, branch: Branch) {
    const key = parseSlotId(slotId);
    if (!key || key.officeId !== branch.id) return undefined;
    return { start: inZone(key.start, branch.timeZone), end: inZone(key.end, branch.timeZone) };
  }

  get budget() {
    return this.client.budget;
  }

  async book({
    property,
    branch,
    slotId,
    guest,
    consent,
    message,
    source,
    answers,
    ownerApproval,
  }: BookInput): Promise<BookOutcome> {
    const wanted = parseSlotId(slotId);
    if (!wanted || wanted.officeId !== branch.id) return { ok: false, code: 'invalid_slot' };
    const subject = await this.viewingSubject();
    // The slot was read from a cache: ask Pexip again, right now, who is still free at that time.
    const day = localDateOf(wanted.start, branch.timeZone);
    const live = await this.timetable(property, branch, day, RECHECK_DAYS, 'booking');
    const matches = (slot: TimeSlot) =>
      canonicalInstant(slot.start) === wanted.start && canonicalInstant(slot.end) === wanted.end;
    const alternatives = () =>
      adaptTimeSlots(
        live.filter((slot) => !matches(slot)),
        branch.id,
        branch.timeZone,
      ).slice(0, ALTERNATIVES);
    const employees = live.find(matches)?.employees ?? [];
    if (employees.length === 0) return { ok: false, code: 'slot_taken', alternatives: alternatives() };

    const customer = await this.customerFor(guest);
    for (const employee of employees) {
      const outcome = await this.client.createAppointment({
        start: wanted.start,
        end: wanted.end,
        subjectId: subject.id,
        officeId: branch.id,
        meetingType: this.meetingType,
        listingId: property.id,
        appointmentParticipants: [
          { role: 'PRIMARY', participantId: customer.id, type: 'CUSTOMER' },
          { role: 'PRIMARY', participantId: employee.id, type: 'EMPLOYEE' },
        ],
        internalNotes: notesFor(property, message, consent.marketing, source, answers, ownerApproval),
        // Answers to questions the agency also keeps in Pexip go in its questionnaire, by Pexip's question id;
        // the rest are in the notes.
        ...questionnaire(answers),
        // Metadata carries the same facts in a form the agency's other systems can read.
        metadata: {
          source: 'viewing-widget',
          marketingConsent: consent.marketing,
          ...(message ? { visitorMessage: message } : {}),
          // Where the visitor came from, one flat value per key (Pexip publishes no nested metadata), for the
          // agency's reports: the page as `sourcePage`, the tags under their own names.
          ...(source ? sourceMetadata(source) : {}),
        },
      });
      if (outcome.ok) {
        return {
          ok: true,
          booking: adaptBooking(outcome.appointment, wanted, property, branch),
          upstream: upstreamOf(outcome.appointment, { employeeId: employee.id, customerId: customer.id }),
        };
      }
    }
    return { ok: false, code: 'slot_taken', alternatives: alternatives() };
  }

  async findBooking({ property, branch, slotId, guest }: BookInput) {
    const wanted = parseSlotId(slotId);
    if (!wanted || wanted.officeId !== branch.id) return undefined;
    return this.managed.find(property, branch, wanted, guest.email);
  }

  /**
   * Only an exact e-mail match attaches the booking to a known customer; otherwise a new one is made. Two calls
   * either way, so neither the proxy's call counts (`/metrics`, the budget) nor a booking's cost tells whether
   * an address is a customer.
   */
  private async customerFor(guest: Guest): Promise<Customer> {
    const known = await this.client.customerByEmail(guest.email);
    if (known) {
      // The call a new address spends on creating its customer; re-reading the record by id is its harmless twin.
      const [again] = await this.client.customers([known.id], 'booking');
      return again ?? known;
    }
    const created = await this.client.createCustomer({
      firstName: guest.firstName,
      lastName: guest.lastName,
      email: guest.email,
      phoneNumber: guest.phone,
    });
    if (created.ok) return created.customer;
    const registered = await this.client.customerByEmail(guest.email);
    if (!registered) {
      throw new UpstreamError(
        'upstream_error',
        'Pexip Engage says the e-mail is taken but finds no customer with it',
      );
    }
    return registered;
  }

  reschedule(held: HeldBooking, slotId: string): Promise<BookOutcome> {
    return this.managed.reschedule(held, slotId);
  }

  /** Pexip keeps a cancelled appointment, so it can be reopened while its employee is still free then. */
  setCancelled(held: HeldBooking, cancelled: boolean, reason?: string): Promise<void> {
    return this.managed.setCancelled(held, cancelled, reason);
  }

  diary(branch: Branch, from: string, days: number): Promise<DiaryEntry[]> {
    return this.managed.diary(branch, from, days);
  }

  staff(branch: Branch): Promise<StaffMember[]> {
    return this.managed.staff(branch);
  }

  async handleWebhook(delivery: WebhookDelivery): Promise<WebhookOutcome> {
    return this.webhooks.receive(delivery);
  }

  /** Read-only: a token, one row of each list the proxy reads, the viewing subject and one timetable. */
  checkAccount(): Promise<AccountCheck[]> {
    return checkAccount({
      client: this.client,
      enterprise: this.options.enterprise,
      meetingType: this.meetingType,
      language: this.language,
      findSubject: () => this.findSubject(),
      now: this.options.now ?? systemClock,
    });
  }

  private async timetable(
    property: Property | undefined,
    branch: Branch,
    from: string,
    days: number,
    priority: CallPriority,
  ): Promise<TimeSlot[]> {
    const subject = await this.viewingSubject();
    const timetable = await this.client.timetable(
      {
        from: startOfLocalDay(from, branch.timeZone),
        to: startOfLocalDay(addIsoDays(from, days), branch.timeZone),
        officeId: branch.id,
        subjectId: subject.id,
        meetingType: this.meetingType,
        ...(property ? { listingId: property.id } : {}),
      },
      priority,
    );
    return timetable.timeSlots;
  }

  private viewingSubject(): Promise<Subject> {
    this.subject ??= this.findSubject();
    // A failed look-up is retried next time rather than remembered.
    this.subject.catch(() => (this.subject = undefined));
    return this.subject;
  }

  private async findSubject(): Promise<Subject> {
    const subjects = await this.client.subjects();
    const { subjectId } = this.options;
    const name = (this.options.subjectName ?? 'Property viewing').trim().toLowerCase();
    const subject = subjectId
      ? subjects.find((candidate) => candidate.id === subjectId)
      : subjects.find((candidate) =>
          candidate.translations.name.some((text) => text.value.trim().toLowerCase() === name),
        );
    if (!subject) {
      throw new UpstreamError(
        'upstream_error',
        subjectId
          ? `Pexip Engage has no subject ${subjectId}`
          : `Pexip Engage has no subject named "${this.options.subjectName ?? 'Property viewing'}" (subjects: ${subjects
              .map((candidate) => translate(candidate.translations.name, this.language) ?? candidate.id)
              .join(', ')})`,
      );
    }
    return subject;
  }
}

/**
 * The create body's `answers`: those to questions the agency also keeps in Pexip Engage, by its question id;
 * nothing when there are none (the notes carry the rest).
 */
function questionnaire(
  answers: readonly BookingAnswer[] | undefined,
): Pick<AppointmentSubmission, 'answers'> {
  const kept = (answers ?? []).flatMap(({ pexipQuestionId, value }) =>
    pexipQuestionId ? [{ questionId: pexipQuestionId, value }] : [],
  );
  return kept.length ? { answers: kept } : {};
}

/** A booking's source as flat metadata values. */
function sourceMetadata({ page, ...tags }: BookingSource): Record<string, string> {
  return { ...(page ? { sourcePage: page } : {}), ...tags };
}

/** What the agent reads in the appointment: where, what the visitor wrote, and what they agreed to. */
function notesFor(
  property: Property,
  message: string | undefined,
  marketing: boolean,
  source: BookingSource | undefined,
  answers: readonly BookingAnswer[] | undefined,
  ownerApproval?: boolean,
): string {
  return [
    `Viewing of ${property.title}, ${property.address}, booked online through the website viewing widget.`,
    approvalNote(ownerApproval),
    message ? `Message from the visitor: ${message}` : undefined,
    `Marketing consent: ${marketing ? 'yes' : 'no'}.`,
    answersNote(answers, (answer) => answer.pexipQuestionId !== undefined),
    sourceNote(source),
  ]
    .filter(Boolean)
    .join('\n\n');
}
