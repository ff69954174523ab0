/**
 * After the booking: the proxy's record of each viewing, the visitor's signed manage link and calendar
 * links, moving and cancelling within the agency's notice period, feedback and consent, and the messages
 * that tell the visitor about each. Its routes (`routes/manage.ts`) live under `/v1/bookings/:token`.
 */
export {
  ManageService,
  DEFAULT_MANAGE_SETTINGS,
  type ManageResult,
  type ManageServiceOptions,
  type ManageSettings,
} from './service.ts';
export { ManageTokens, manageSecret, newRecordId, type TokenCheck } from './token.ts';
export { DEFAULT_CONSENT_WORDING, visitorMessage, type MessageKind } from './texts.ts';
export type { LoggedMessage, ViewingRecord } from './record.ts';
