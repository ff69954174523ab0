import { ActuallyCareBackend } from '../../src/backends/index.ts';
import { createActuallyCareEmulator } from '../../src/sandbox/actuallycare/index.ts';
import { describeBackendContract, type ContractFixture } from './backend-contract.ts';

/** Monday 6 July 2026, 08:00 in California. */
const now = new Date('2026-07-06T15:00:00Z');

/** The backend on an emulator serving `variants` (the documented shapes it can choose between). */
const fixture = (variants: Record<string, string> = {}): ContractFixture => ({
  now,
  from: '2026-07-06',
  slotReads: /\/v1\/appointments/,
  bookingWrites: /\/v1\/appointments(\?|$)/,
  async create(intercept, tuning) {
    const emulator = createActuallyCareEmulator({
      now: () => now,
      variants,
      ...(tuning ? { rateLimit: false } : {}),
    });
    const backend = new ActuallyCareBackend({
      baseUrl: 'http://actuallycare.sandbox',
      apiKey: emulator.apiKey,
      ...emulator.sandboxSettings(),
      now: () => now,
      // The suite checks what the proxy does with each upstream answer, so no second cache in between.
      busyTtlMs: 0,
      ...tuning,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        return intercept(request, async () => emulator.fetch(request));
      },
    });
    return {
      backend,
      bookedEmails: () =>
        emulator.appointments().flatMap((a) => a.attendees.map((attendee) => attendee.email ?? '')),
      setFaults: emulator.setFaults,
    };
  },
});

describeBackendContract('ActuallyCare', fixture());
describeBackendContract(
  'ActuallyCare (listings as the quickstart abbreviates them)',
  fixture({ listingRows: 'quickstart' }),
);
describeBackendContract(
  'ActuallyCare (webhook appointment as data itself)',
  fixture({ webhookPayload: 'flat' }),
);
