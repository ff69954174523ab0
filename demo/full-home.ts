import { fromZonedTime } from 'date-fns-tz';
import type { OutlookCalendars } from '../src/proxy/open-backend.ts';
import { addIsoDays, inZone } from '../src/backends/slot-time.ts';

/**
 * The OfficePlace demo's full home: TW-K-S2, the Kingston family house viewed on Saturdays only. The Kingston
 * team's Saturdays are taken, as far ahead as visitors may book, by viewings the branch booked itself (written
 * into the agents' calendars as they would in Outlook), so the house has no free time for weeks and visitors
 * are offered its waiting list instead. The other Kingston homes lose their Saturdays only.
 */
export const FULL_HOME = 'TW-K-S2';

const ZONE = 'Europe/London';
/** A little past the branch's furthest bookable day (28 days ahead). */
const DAYS_AHEAD = 35;

export function fillKingstonSaturdays(emulator: OutlookCalendars, now: Date): void {
  const kingston = emulator.agents().filter((agent) => agent.office === 'kingston');
  const today = inZone(now.toISOString(), ZONE).slice(0, 10);
  for (let offset = 0; offset <= DAYS_AHEAD; offset++) {
    const day = addIsoDays(today, offset);
    if (new Date(`${day}T12:00:00Z`).getUTCDay() !== 6) continue;
    for (const agent of kingston) {
      emulator.addAppointment({
        adId: agent.adId,
        subject: 'Saturday viewings booked at the branch',
        start: fromZonedTime(`${day}T08:00:00`, ZONE),
        end: fromZonedTime(`${day}T19:00:00`, ZONE),
        showAs: 'busy',
      });
    }
  }
}
