import { AgentOSBackend } from '../../src/backends/index.ts';
import { createAgentOSEmulator } from '../../src/sandbox/agentos/index.ts';
import { describeBackendContract } from './backend-contract.ts';

const now = new Date('2026-11-23T08:00:00Z');

describeBackendContract('agentOS', {
  now,
  from: '2026-11-23',
  slotReads: /allocations/,
  async create(intercept, tuning) {
    const emulator = createAgentOSEmulator({ now: () => now, ...(tuning ? { rateLimit: false } : {}) });
    const backend = new AgentOSBackend({
      baseUrl: 'http://agentos.sandbox',
      shortName: emulator.shortName,
      apiKey: emulator.apiKey,
      ...tuning,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        return intercept(request, async () => emulator.fetch(request));
      },
    });
    return {
      backend,
      bookedEmails: () => emulator.diary().flatMap((entry) => entry.guests.map((g) => g.email)),
      setFaults: emulator.setFaults,
    };
  },
});
