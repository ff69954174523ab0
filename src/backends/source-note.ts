import { BookingSource } from '../contract/index.ts';

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
