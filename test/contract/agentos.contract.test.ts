import { AgentOSBackend } from '../../src/backends/index.ts';
import { createAgentOSEmulator, type AgentOSEmulatorOptions } from '../../src/sandbox/agentos/index.ts';
import { describeBackendContract } from './backend-contract.ts';

const now = new Date('2026-11-23T08:00:00Z');

/** The same contract against each shape agentOS's published material allows for an answer. */
function describeAgentOS(title: string, variants: AgentOSEmulatorOptions['variants'] = {}) {
  describeBackendContract(title, {
    now,
    from: '2026-11-23',
    slotReads: /allocations/,
    bookingWrites: /\/diary(\?|$)/,
    async create(intercept, tuning) {
      const emulator = createAgentOSEmulator({
        now: () => now,
        variants,
        ...(tuning ? { rateLimit: false } : {}),
      });
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
}

describeAgentOS('agentOS');
describeAgentOS('agentOS (allocations as a bare array, as V3 answered)', { allocationsShape: 'array' });
describeAgentOS('agentOS (allocation times in UTC with Z, as V3 date-times)', { allocationTimes: 'offset' });
