import type { Proxy, ProxyOptions } from '../../src/proxy/app.ts';
import * as actuallyCare from '../backends/actuallycare-harness.ts';
import * as officePlace from '../backends/officeplace-harness.ts';
import * as pexip from '../backends/pexip-engage-harness.ts';
import * as agentOS from './harness.ts';

/** A viewing the proxy booked, as the agent's own system holds it. */
export interface HeldUpstream {
  /** Where the agent reads the visitor's words: the notes, comments, description or entry body. */
  notes: string;
  cancelled: boolean;
  /** Whose calendar holds it, and when it starts (as an instant), where the test reads them. */
  agent?: string;
  start?: number;
  /** Pexip Engage's questionnaire answers. */
  answers?: { questionId: string; value: string | null }[];
}

/** One of the four systems behind the proxy, through its real emulator. */
export interface Upstream {
  call(path: string, init?: RequestInit): Response | Promise<Response>;
  proxy: Proxy;
  today: string;
  /** The viewings the proxy booked online, as the agent's system holds them, oldest first. */
  online(): HeldUpstream[];
  stop(): void;
}

export type StartSystem = (proxy: Partial<ProxyOptions>) => Promise<Upstream>;

const BOOKED_ONLINE = /booked online/i;

/** Each system, started with these proxy options. */
export const SYSTEMS: Record<string, StartSystem> = {
  agentos: async (proxy) => {
    const h = await agentOS.startHarness({ proxy });
    return {
      call: h.call,
      proxy: h.proxy,
      today: agentOS.TODAY,
      online: () =>
        h.emulator
          .diary()
          .filter((e) => BOOKED_ONLINE.test(e.comments))
          .map((e) => ({ notes: e.comments, cancelled: e.cancelled })),
      stop: h.stop,
    };
  },
  'pexip-engage': async (proxy) => {
    const h = await pexip.startHarness({ proxy });
    return {
      call: h.call,
      proxy: h.proxy,
      today: pexip.TODAY,
      online: () =>
        h.emulator
          .appointments()
          .filter((a) => BOOKED_ONLINE.test(a.internalNotes ?? ''))
          .map((a) => ({
            notes: a.internalNotes ?? '',
            cancelled: a.status === 'CANCELLED',
            ...(a.answers ? { answers: a.answers } : {}),
          })),
      stop: h.stop,
    };
  },
  actuallycare: async (proxy) => {
    const h = await actuallyCare.startHarness({ proxy });
    return {
      call: h.call,
      proxy: h.proxy,
      today: actuallyCare.TODAY,
      online: () =>
        h.emulator
          .appointments()
          .filter((a) => BOOKED_ONLINE.test(a.description ?? ''))
          .map((a) => ({
            notes: a.description ?? '',
            cancelled: a.status !== 'scheduled',
            agent: a.userId,
            start: Date.parse(a.start),
          })),
      stop: h.stop,
    };
  },
  officeplace: async (proxy) => {
    const h = await officePlace.startHarness({ proxy });
    return {
      call: h.call,
      proxy: h.proxy,
      today: officePlace.TODAY,
      online: () =>
        h.emulator
          .appointments()
          .filter((a) => BOOKED_ONLINE.test(a.body.content))
          .map((a) => ({
            notes: a.body.content,
            cancelled: a.isCancelled,
            agent: a.adId,
            start: Date.parse(a.start),
          })),
      stop: h.stop,
    };
  },
};

export async function json<T = Record<string, unknown>>(
  upstream: Upstream,
  path: string,
  init?: RequestInit,
) {
  const response = await upstream.call(path, init);
  return { status: response.status, body: (await response.json()) as T };
}
