/**
 * The branch staff's diary: sign-in with a configured key, the day's viewings by negotiator, and cancelling,
 * reinstating, moving and messaging about them. Routes under `/staff`; off (404) without keys.
 */
export { StaffGate, SESSION_COOKIE, type StaffGateOptions } from './auth.ts';
export { StaffDesk, type StaffDeskOptions } from './desk.ts';
export { StaffKeyList, StaffKeys, MIN_KEY_LENGTH, type StaffKey, type StaffMemberSession } from './keys.ts';
export { StaffSessions, SESSION_MS } from './session.ts';
