import { describe, expect, it } from 'vitest';
import { runAbuse } from '../../bench/abuse.ts';

/**
 * Thirty real seconds at agentOS's own limit: one client at ten times what once starved every visitor, while
 * four visitors browse two weeks each and book. `npm run bench` runs the same for two minutes.
 */
describe('one abusive client against real visitors, at the real agentOS limit', () => {
  it('leaves every visitor answered and booked at once, and slows or refuses the abuser', async () => {
    const result = await runAbuse({ durationMs: 30_000, visitors: 4 });
    // What each visitor was told.
    expect(result.visitors).toMatchObject({ unavailable: 0, confirmed: 4, requested: 0, failed: 0 });
    expect(result.visitors.slowestBookingMs).toBeLessThan(5_000);
    expect(result.visitors.slowestReadMs).toBeLessThan(5_000);
    // The abuser booked nothing, and most of what it sent was refused outright.
    expect(result.abuser.accepted).toBe(0);
    expect(result.abuser.requests).toBeGreaterThan(300);
    expect(result.abuser.statuses['429'] ?? 0).toBeGreaterThan(result.abuser.requests * 0.9);
    // agentOS never had to refuse the proxy.
    expect(result.upstream.refused).toBe(0);
  }, 60_000);
});
