import { describe, expect, it } from 'vitest';
import { createActuallyCareEmulator } from '../../src/sandbox/actuallycare/index.ts';
import { createAgentOSEmulator } from '../../src/sandbox/agentos/index.ts';
import { createOfficePlaceEmulator } from '../../src/sandbox/officeplace/index.ts';
import { createPexipEngageEmulator } from '../../src/sandbox/pexip-engage/index.ts';

const emulators = {
  agentOS: () => createAgentOSEmulator(),
  'Pexip Engage': () => createPexipEngageEmulator(),
  ActuallyCare: () => createActuallyCareEmulator(),
  OfficePlace: () => createOfficePlaceEmulator(),
};

describe.each(Object.entries(emulators))('%s emulator with injected faults', (_name, create) => {
  it('answers 500 in its own error envelope, 429 with Retry-After, or drops the connection, as asked', async () => {
    const emulator = create();
    const request = () => new Request('http://sandbox/anything');
    emulator.setFaults({ rate: 1, kinds: ['error'] });
    const error = await emulator.fetch(request());
    expect(error.status).toBe(500);
    expect(JSON.stringify(await error.json())).toMatch(/error/i);

    emulator.setFaults({ rate: 1, kinds: ['rate_limit'] });
    const limited = await emulator.fetch(request());
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');

    emulator.setFaults({ rate: 1, kinds: ['drop'] });
    await expect(Promise.resolve().then(() => emulator.fetch(request()))).rejects.toThrow(TypeError);

    emulator.setFaults({ rate: 1, kinds: ['hang'], hangMs: 60_000 });
    const hung = emulator.fetch(new Request('http://sandbox/anything', { signal: AbortSignal.abort() }));
    await expect(Promise.resolve(hung)).rejects.toBeDefined();

    // Sandbox routes never fail, and turning faults off restores normal answers.
    emulator.setFaults(undefined);
    const normal = await emulator.fetch(request());
    expect(normal.status).not.toBe(500);
  });
});
