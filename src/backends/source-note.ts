import { BookingSource } from '../contract/index.ts';
import type { BookingAnswer } from './types.ts';

/** The source's tags in the contract's order, everything but the page: a tag the contract gains is written too. */
const TAGS = BookingSource.keyof().options.filter((key) => key !== 'page');

/**
 * A booking's `source` as one line for the agent's notes, after what the visitor wrote: the page they booked
 * on, then the campaign tags and click ids, so the agency sees which advert or newsletter brought the viewing.
 *
 * @example
 * sourceNote({ page: 'https://agency.example/homes', utm_source: 'newsletter' })
 * // 'Came from: https://agency.example/homes, utm_source=newsletter'
 */
export function sourceNote(source: BookingSource | undefined): string | undefined {
  if (!source) return undefined;
  const parts = [source.page, ...TAGS.filter((tag) => source[tag]).map((tag) => `${tag}=${source[tag]}`)];
  const said = parts.filter(Boolean);
  return said.length ? `Came from: ${said.join(', ')}` : undefined;
}

/**
 * For a home whose owner agrees each viewing: what the agent must know before treating the appointment as
 * confirmed. Undefined for any other booking.
 */
export function approvalNote(ownerApproval: boolean | undefined): string | undefined {
  return ownerApproval
    ? 'Waiting for the owner’s approval: the visitor has been told this viewing is requested. If the owner declines or does not answer in time, it is cancelled; the staff diary shows the answer.'
    : undefined;
}

/**
 * A booking's answers to the agency's questions for the agent's notes, a line each. Answers the upstream takes
 * in a field of its own (`sentElsewhere`) are left out.
 *
 * @example
 * answersNote([{ id: 'pets', question: 'Any pets?', answer: 'One cat', value: 'cat' }])
 * // 'Answers:\nAny pets? One cat'
 */
export function answersNote(
  answers: readonly BookingAnswer[] | undefined,
  sentElsewhere: (answer: BookingAnswer) => boolean = () => false,
): string | undefined {
  const lines = (answers ?? []).filter((a) => !sentElsewhere(a)).map((a) => `${a.question} ${a.answer}`);
  return lines.length ? `Answers:\n${lines.join('\n')}` : undefined;
}
