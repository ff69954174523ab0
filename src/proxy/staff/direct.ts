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

export type DirectAction = 'cancel' | 'uncancel' | 'reschedule' | 'message';

/** Whether a viewing without a proxy record can be changed this way here; `reason` says why not. */
export function directSupport(
  backend: Backend,
  action: DirectAction,
  property: Property | undefined,
): { ok: true } | { ok: false; reason: string } {
  const { direct: support, reinstate, messages } = backend.capabilities;
  const system = backend.title;
  const ok =
    action === 'cancel'
      ? support.cancel
      : action === 'uncancel'
        ? support.uncancel &&
          (reinstate === 'reference' || (reinstate === 'property' && property !== undefined))
        : action === 'reschedule'
          ? support.reschedule && property !== undefined
          : messages;
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
 * The booking as a backend's `capabilities.direct` calls need it for the calls they allow. A home that is no longer
 * advertised (a cancellation is often why) is described from the entry alone: cancelling reads only the
 * reference.
 */
export function heldFromDiary(
  backend: Backend,
  entry: SeenEntry,
  branch: Branch,
  property: Property | undefined,
): HeldBooking {
  const key = backend.capabilities.direct.negotiatorKey;
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
