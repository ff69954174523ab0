import { PexipEngageBackend } from '../../src/backends/index.ts';
import { createPexipEngageEmulator } from '../../src/sandbox/pexip-engage/index.ts';
import { describeBackendContract } from './backend-contract.ts';

const now = new Date('2026-11-23T08:00:00Z');

describeBackendContract('Pexip Engage', {
  now,
  from: '2026-11-23',
  slotReads: /timetable/,
  bookingWrites: /\/appointments(\?|$)/,
  async create(intercept, tuning) {
    const emulator = createPexipEngageEmulator({ now: () => now, ...(tuning ? { rateLimit: false } : {}) });
    const backend = new PexipEngageBackend({
      baseUrl: 'http://pexip.sandbox',
      enterprise: emulator.enterprise,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      now: () => now,
      ...tuning,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        return intercept(request, async () => emulator.fetch(request));
      },
    });
    const emailOf = (customerId: string) =>
      emulator.customers().find((c) => c.id === customerId)?.email ?? '';
    return {
      backend,
      bookedEmails: () => emulator.appointments().map((a) => emailOf(a.customerId)),
      setFaults: emulator.setFaults,
    };
  },
});
