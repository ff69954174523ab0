import type { SlotTimes } from '../../availability/index.ts';
import type { OfficePlaceClient } from './client.ts';
import { blocksTime, instant } from './mapping.ts';
import type { Calendar, PreviewItem } from './schemas.ts';

/**
 * Whether the entry `appointmentId`, just written at `times` into `calendar`, may keep them.
 *
 * The Connector documents no refusal of overlapping appointments (an Exchange calendar keeps both), so two
 * bookings racing for one agent's time would both land. Each side therefore reads the time back after
 * writing and gives way to any busy entry that was there first; entries made in the same instant are put in
 * order by their ids, which both sides read alike, so exactly one of two racers stays. Where the order
 * cannot be told (an entry without a creation time, or one that cannot be read), ours gives way: a visitor
 * offered another time is better than two visitors at one.
 */
export async function keepsTime(
  client: OfficePlaceClient,
  calendar: Calendar,
  appointmentId: string,
  times: SlotTimes,
): Promise<boolean> {
  const start = new Date(times.start);
  const end = new Date(times.end);
  const { items, unreadable } = await client.preview(calendar.domainId, calendar.adId, start, end, 'booking');
  if (unreadable > 0) return false;
  const mine = items.find((item) => item.appointmentId === appointmentId);
  return items
    .filter(
      (item) =>
        item.appointmentId !== appointmentId &&
        blocksTime(item) &&
        instant(item.startTime, item.timeZone) < end &&
        start < instant(item.endTime, item.timeZone),
    )
    .every((other) => mine !== undefined && cameAfter(other, mine));
}

function cameAfter(other: PreviewItem, mine: PreviewItem): boolean {
  if (!other.createdDateTime || !mine.createdDateTime) return false;
  const theirs = instant(other.createdDateTime, 'UTC').getTime();
  const ours = instant(mine.createdDateTime, 'UTC').getTime();
  return theirs > ours || (theirs === ours && other.appointmentId > mine.appointmentId);
}
