import { OfficePlaceBackend } from '../../src/backends/index.ts';
import { createOfficePlaceEmulator } from '../../src/sandbox/officeplace/index.ts';
import { describeBackendContract, type ContractFixture } from './backend-contract.ts';

const now = new Date('2026-11-23T08:00:00Z');
const FEED = 'https://www.thamesandwren.example.co.uk/viewings/feed.json';
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;

/** The suite's fixture against an emulator serving the documented shapes `variants` names. */
function fixture(variants: Record<string, string> = {}): ContractFixture {
  return {
    now,
    from: '2026-11-23',
    slotReads: /appointment\/preview/,
    bookingWrites: /\/appointment(\?|$)/,
    async create(intercept, tuning) {
      const emulator = createOfficePlaceEmulator({
        now: () => now,
        variants,
        ...(tuning ? { rateLimit: false } : {}),
      });
      const backend = new OfficePlaceBackend({
        baseUrl: 'https://connector.officeplace.example',
        tenantId: emulator.tenantId,
        clientId: emulator.clientId,
        clientSecret: emulator.clientSecret,
        domainId: emulator.domainId,
        catalogUrl: FEED,
        now: () => now,
        // The suite checks what the proxy does with each upstream answer, so no second cache in between.
        busyTtlMs: 0,
        ...tuning,
        fetch: async (input, init) => {
          const request = new Request(input, init);
          // The agency's catalogue feed is served by the sandbox too.
          const target = request.url === FEED ? new Request('http://sandbox/_sandbox/feed.json') : request;
          return intercept(request, async () => emulator.fetch(target));
        },
      });
      return {
        backend,
        bookedEmails: () => emulator.appointments().flatMap((a) => a.body.content.match(EMAIL) ?? []),
        setFaults: emulator.setFaults,
      };
    },
  };
}

describeBackendContract('OfficePlace', fixture());
describeBackendContract(
  'OfficePlace (token as the Authentication Guide shows it, preview as a bare list)',
  fixture({ token: 'guide', preview: 'list' }),
);
describeBackendContract(
  'OfficePlace (token as the API Reference shows it, preview wrapped in {appointments})',
  fixture({ token: 'reference', preview: 'wrapped' }),
);
describeBackendContract(
  'OfficePlace (token as the Authentication Guide shows it, preview wrapped in {appointments})',
  fixture({ token: 'guide', preview: 'wrapped' }),
);
