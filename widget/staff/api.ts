import type {
  StaffDiaryResponse,
  StaffMember,
  StaffMessage,
  StaffSession,
  StaffViewing,
  StaffWaitlistResponse,
} from '../../src/contract/index.ts';
import { createApi, createCall, type Api, type ApiResult } from '../api.ts';

/** The staff API beside the public one: sign-in, the diary, and changes to one viewing. */
export interface StaffApi {
  /** The public v1 routes, for branches and a home's free times. */
  visitor: Api;
  session(): Promise<ApiResult<StaffSession>>;
  signIn(key: string): Promise<ApiResult<StaffSession>>;
  signOut(): Promise<void>;
  diary(branchId: string, from: string): Promise<ApiResult<StaffDiaryResponse>>;
  staff(branchId: string): Promise<ApiResult<StaffMember[]>>;
  /** The branch's waiting lists: who waits for which home, and any time held for them. */
  waitlist(branchId: string): Promise<ApiResult<StaffWaitlistResponse['places']>>;
  cancel(reference: string, reason: string): Promise<ApiResult<StaffViewing>>;
  uncancel(reference: string): Promise<ApiResult<StaffViewing>>;
  reschedule(reference: string, slotId: string): Promise<ApiResult<StaffViewing>>;
  message(reference: string, message: StaffMessage): Promise<ApiResult<StaffViewing>>;
  /** The home's owner told the branch their answer. */
  decide(reference: string, decision: 'approve' | 'decline'): Promise<ApiResult<StaffViewing>>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isInstant = (v: unknown) => isStr(v) && !Number.isNaN(Date.parse(v));

// Light checks, as in the widget's client: enough that a proxy of another version fails loudly.
const isSession = (v: unknown): v is StaffSession => isObj(v) && isStr(v.name);
const isViewing = (v: unknown): v is StaffViewing =>
  isObj(v) &&
  isStr(v.reference) &&
  isInstant(v.start) &&
  isInstant(v.end) &&
  typeof v.cancelled === 'boolean' &&
  isObj(v.actions);
const isMember = (v: unknown): v is StaffMember => isObj(v) && isStr(v.id) && isStr(v.name);
const isDiary = (v: unknown): v is StaffDiaryResponse =>
  isObj(v) && isObj(v.branch) && Array.isArray(v.viewings) && v.viewings.every(isViewing);

/**
 * @example
 * const api = createStaffApi('/api');
 * const signedIn = await api.signIn(key);
 */
export function createStaffApi(base: string): StaffApi {
  const call = createCall(base);
  const post = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const viewing = (b: Obj) => (isViewing(b.viewing) ? b.viewing : undefined);
  const at = (reference: string, action: string) =>
    `/staff/api/viewings/${encodeURIComponent(reference)}/${action}`;
  return {
    visitor: createApi(base),
    session: () => call('/staff/session', (b) => (isSession(b) ? b : undefined)),
    signIn: (key) => call('/staff/session', (b) => (isSession(b) ? b : undefined), post({ key })),
    signOut: async () => {
      await call('/staff/session', () => true, { method: 'DELETE' });
    },
    diary: (branchId, from) =>
      call(`/staff/api/diary?branchId=${encodeURIComponent(branchId)}&from=${from}&days=1`, (b) =>
        isDiary(b) ? b : undefined,
      ),
    staff: (branchId) =>
      call(`/staff/api/staff?branchId=${encodeURIComponent(branchId)}`, (b) =>
        Array.isArray(b.staff) && b.staff.every(isMember) ? b.staff : undefined,
      ),
    waitlist: (branchId) =>
      call(`/staff/api/waitlist?branchId=${encodeURIComponent(branchId)}`, (b) =>
        Array.isArray(b.places) ? (b.places as StaffWaitlistResponse['places']) : undefined,
      ),
    cancel: (reference, reason) =>
      call(at(reference, 'cancel'), viewing, post(reason.trim() ? { reason: reason.trim() } : {})),
    uncancel: (reference) => call(at(reference, 'uncancel'), viewing, post({})),
    reschedule: (reference, slotId) => call(at(reference, 'reschedule'), viewing, post({ slotId })),
    message: (reference, message) => call(at(reference, 'message'), viewing, post(message)),
    decide: (reference, decision) => call(at(reference, 'approval'), viewing, post({ decision })),
  };
}
