import type { Seed } from './model.ts';
import { BANK_HOLIDAYS, PROPERTIES } from './seed-tables.ts';

/**
 * The agency's own catalogue feed: OfficePlace holds calendars only, so branches, who works where, viewing
 * rules and properties come from a JSON file the agency publishes (or writes into the proxy's config). The
 * sandbox serves it at `/_sandbox/feed.json`; the shape is the OfficePlace backend's catalogue.
 */
export function agencyFeed(seed: Seed) {
  const team = (office: 'richmond' | 'kingston') =>
    seed.agents
      .filter((agent) => agent.office === office)
      .map((agent) => ({ adId: agent.adId, name: agent.displayName }));
  const weekday = [{ from: '09:00', to: '18:00' }];
  const saturday = [{ from: '10:00', to: '16:00' }];
  const hours = {
    monday: weekday,
    tuesday: weekday,
    wednesday: weekday,
    thursday: weekday,
    friday: weekday,
    saturday,
  };
  const viewing = {
    openingHours: hours,
    closedDates: BANK_HOLIDAYS,
    viewingMinutes: 30,
    bufferMinutes: 15,
    minimumNoticeMinutes: 120,
    maxDaysAhead: 28,
  };
  const marek = seed.agents.find((agent) => agent.displayName === 'Marek Nowak');
  return {
    branches: [
      {
        id: 'richmond',
        name: 'Richmond',
        address: '3 Hill Street, Richmond, TW9 1SX',
        timeZone: seed.tenant.timeZone,
        phone: '020 7946 0301',
        email: `richmond@${seed.tenant.emailDomain}`,
        // Marek works Tuesday to Saturday.
        agents: team('richmond').map((agent) =>
          agent.adId === marek?.adId
            ? {
                ...agent,
                hours: { tuesday: weekday, wednesday: weekday, thursday: weekday, friday: weekday, saturday },
              }
            : agent,
        ),
        viewing,
      },
      {
        id: 'kingston',
        name: 'Kingston upon Thames',
        address: '41 Eden Street, Kingston upon Thames, KT1 1BW',
        timeZone: seed.tenant.timeZone,
        phone: '020 7946 0302',
        email: `kingston@${seed.tenant.emailDomain}`,
        agents: team('kingston'),
        // Kingston closes at five.
        viewing: { ...viewing, openingHours: { ...hours, monday: [{ from: '09:00', to: '17:00' }] } },
      },
    ],
    properties: PROPERTIES.map((row) => ({
      id: `TW-${row.key}`,
      branchId: row.office,
      channel: row.channel,
      title: row.title,
      address: row.address,
      price: { amount: row.price, currency: 'GBP', ...(row.period ? { period: row.period } : {}) },
      ...(row.bedrooms !== undefined ? { bedrooms: row.bedrooms } : {}),
      // A family house with a sitting tenant: hour-long viewings on Saturdays only, by arrangement.
      ...(row.key === 'K-S2' ? { viewing: { viewingMinutes: 60, openingHours: { saturday } } } : {}),
    })),
  };
}
export type OfficePlaceSandboxFeed = ReturnType<typeof agencyFeed>;
