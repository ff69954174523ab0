import type { BookInput } from './types.ts';

/**
 * What a booking's appointment says of the home and the visitor (their details, consent, message, where they
 * came from, their answers, whether the owner agrees first), without its time or agent: the part every system's
 * appointment is written from. Absent fields are left out, not sent empty.
 */
export function viewingWords({
  property,
  guest,
  consent,
  message,
  source,
  answers,
  ownerApproval,
}: BookInput) {
  return {
    property,
    guest,
    consent,
    ...(message ? { message } : {}),
    ...(source ? { source } : {}),
    ...(answers ? { answers } : {}),
    ...(ownerApproval ? { ownerApproval } : {}),
  };
}
