import { z } from 'zod';
import type { Branch, DiaryEntry, Property } from '../../contract/index.ts';
import type { Backend, HeldBooking } from '../../backends/index.ts';

/**
 * What a diary entry leaves behind for changing a viewing the proxy has no record of (staff booked it in the
 * agency's own system). No viewer name: only what the upstream calls need.
 */
export const SeenEntry = z.object({
  reference: z.string(),
  branchId: z.string(),
  propertyId: z.string().optional(),
  start: z.string(),
  end: z.string(),
  negotiatorId: z.string().optional(),
  cancelled: z.boolean().default(false),
});
export type SeenEntry = z.infer<typeof SeenEntry>;

export const seenEntry = (entry: DiaryEntry): SeenEntry => ({
  reference: entry.reference,
  branchId: entry.branchId,
  ...(entry.propertyId ? { propertyId: entry.propertyId } : {}),
  start: entry.start,
  end: entry.end,
  ...(entry.negotiator ? { negotiatorId: entry.negotiator.id } : {}),
  cancelled: entry.cancelled,
});

/**
 * Which changes each system takes with only the appointment's reference (and, where said, the advertised
 * home), read from its adapter: the calls named here read nothing else of the booking they are handed.
 * A viewing booked through the widget needs none of this: the proxy's record holds all a backend needs.
 */
interface DirectSupport {
  /** Cancelling names the appointment only. */
  cancel: boolean;
  /** `property`: the time is re-checked against the home's rules before it is reinstated. */
  uncancel: 'reference' | 'property' | false;
  /** Moving needs the home, to read its free times. */
  reschedule: boolean;
  /** Where the move keeps the same negotiator, the key their id goes under. */
  negotiatorKey?: string;
  /** Why a change is refused, in words for staff. */
  refusals: Partial<Record<'cancel' | 'uncancel' | 'reschedule', string>>;
}

const DIRECT: Record<string, DirectSupport> = {
  agentos: { cancel: true, uncancel: 'reference', reschedule: true, negotiatorKey: 'staffId', refusals: {} },
  'pexip-engage': {
    cancel: true,
    uncancel: 'reference',
    reschedule: true,
    negotiatorKey: 'employeeId',
    refusals: {},
  },
  actuallycare: {
    cancel: true,
    uncancel: 'property',
    reschedule: false,
    refusals: {
      // Moving to another agent makes a new showing from the visitor's contact details, which only the
      // proxy's record of an online booking holds.
      reschedule:
        'ActuallyCare moves a showing to another agent by making it again with the visitor’s contact details, which the proxy has only for viewings booked online. Move this one in ActuallyCare.',
    },
  },
  officeplace: {
    cancel: false,
    uncancel: false,
    reschedule: false,
    refusals: {
      cancel:
        'This viewing was not booked online, so the proxy does not know which Outlook calendar holds it. Cancel it in the agent’s calendar.',
      uncancel:
        'OfficePlace deletes a cancelled viewing, so it cannot be reinstated. Book a new time instead.',
      reschedule:
        'This viewing was not booked online, so the proxy does not know which Outlook calendar holds it. Move it in the agent’s calendar.',
    },
  },
};

const NONE: DirectSupport = { cancel: false, uncancel: false, reschedule: false, refusals: {} };

export type DirectAction = 'cancel' | 'uncancel' | 'reschedule' | 'message';

/** Whether a viewing without a proxy record can be changed this way here; `reason` says why not. */
export function directSupport(
  backend: Backend,
  action: DirectAction,
  property: Property | undefined,
): { ok: true } | { ok: false; reason: string } {
  const support = DIRECT[backend.name] ?? NONE;
  const system = backend.name;
  const ok =
    action === 'cancel'
      ? support.cancel && Boolean(backend.setCancelled)
      : action === 'uncancel'
        ? Boolean(backend.setCancelled) &&
          (support.uncancel === 'reference' || (support.uncancel === 'property' && property !== undefined))
        : action === 'reschedule'
          ? support.reschedule && Boolean(backend.reschedule) && property !== undefined
          : Boolean(backend.sendMessage);
  if (ok) return { ok: true };
  const given = action !== 'message' ? support.refusals[action] : undefined;
  if (given) return { ok: false, reason: given };
  if (action === 'message') {
    return {
      ok: false,
      reason: `${system} has no messaging the proxy can send through. Contact the viewer directly.`,
    };
  }
  if ((action === 'reschedule' || action === 'uncancel') && property === undefined && support[action]) {
    return {
      ok: false,
      reason:
        'This home is no longer advertised, so its free times cannot be checked here. Do this in the agency’s own system.',
    };
  }
  return { ok: false, reason: `Do this in ${system} itself: the proxy cannot make this change there.` };
}

/**
 * The booking as the backends named in DIRECT need it for the calls they allow. A home that is no longer
 * advertised (a cancellation is often why) is described from the entry alone: cancelling reads only the
 * reference.
 */
export function heldFromDiary(
  backend: Backend,
  entry: SeenEntry,
  branch: Branch,
  property: Property | undefined,
): HeldBooking {
  const key = DIRECT[backend.name]?.negotiatorKey;
  return {
    reference: entry.reference,
    branch,
    property: property ?? {
      id: entry.propertyId ?? '',
      branchId: branch.id,
      channel: 'lettings',
      title: '',
      address: '',
      price: { amount: 0, currency: 'GBP' },
    },
    start: entry.start,
    end: entry.end,
    // The diary names the viewer, never their contact details; no call allowed above reads them.
    guest: { firstName: '', lastName: '', email: '', phone: '' },
    consent: { marketing: false },
    ...(key && entry.negotiatorId ? { upstream: { [key]: entry.negotiatorId } } : {}),
  };
}
