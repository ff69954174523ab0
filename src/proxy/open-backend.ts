import { randomBytes } from 'node:crypto';
import {
  ActuallyCareBackend,
  ActuallyCareSettings,
  AgentOSBackend,
  OfficePlaceBackend,
  PexipEngageBackend,
  RateBudget,
  type Backend,
} from '../backends/index.ts';
import type { FetchLike } from '../backends/http.ts';
import type { ProxyConfig } from './config.ts';
import type { Store } from './store/index.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from './log.ts';

export interface RunningBackend {
  backend: Backend;
  /** Where the emulator listens, for the sandbox. */
  sandboxUrl?: string;
  /** Tells an emulator that pushes webhooks where the proxy now listens (the proxy's base URL). */
  connect?(proxyBaseUrl: string): void;
  /**
   * The OfficePlace sandbox only: its agents' calendars, for a demo that writes into them as the agents would in
   * Outlook.
   */
  officePlace?: OutlookCalendars;
  close(): Promise<void>;
}

/**
 * The OfficePlace emulator's agents and their Outlook side, as a demo needs them. Named here rather than
 * imported, so the production proxy loads nothing of the sandbox until it is asked for.
 */
export interface OutlookCalendars {
  agents(): readonly { adId: string; office: string }[];
  addAppointment(entry: {
    adId: string;
    subject: string;
    start: Date;
    end: Date;
    showAs?: 'free' | 'tentative' | 'busy' | 'oof';
  }): unknown;
}

export interface OpenOptions {
  /** Sandbox only: no upstream rate limit and no budget, for benchmarks. */
  unlimited?: boolean;
  /**
   * Count upstream calls in this store, so every instance sharing it shares one budget per key; and remember
   * webhook events acted on there, so a redelivery to any of them is known.
   */
  store?: Store;
  /** The clock the backend and, in the sandbox, its emulator read: the emulator's diary starts from it. */
  now?: Clock;
  /** Every upstream call goes through this (the doctor counts and records calls with it). */
  fetch?: FetchLike;
  /** Hears when the shared budget window was found lost with the store's data. */
  log?: Logger;
}

const webhookMemory = (opening: OpenOptions) => (opening.store ? { webhookMemory: opening.store } : {});
const clock = (opening: OpenOptions) => (opening.now ? { now: opening.now } : {});
const calls = (opening: OpenOptions) => (opening.fetch ? { fetch: opening.fetch } : {});

type BackendConfig = ProxyConfig['backend'];

const budgetFor = (limit: number, key: string, opening: OpenOptions, windowMs = 60_000) =>
  new RateBudget({
    limit: opening.unlimited ? Number.MAX_SAFE_INTEGER : limit,
    windowMs,
    ...(opening.store && !opening.unlimited ? { shared: { window: opening.store, key } } : {}),
    onWindowLost: () =>
      opening.log?.warn('budget_window_lost', {
        message: 'The store lost the count of upstream calls; every call waits a whole window.',
        windowMs,
      }),
  });

/** The configured backend; the sandbox first starts the chosen system's emulator on loopback. */
export async function openBackend(config: BackendConfig, opening: OpenOptions = {}): Promise<RunningBackend> {
  switch (config.type) {
    case 'agentos': {
      const { requestsPerMinute, type: _type, ...options } = config;
      const budget = budgetFor(requestsPerMinute, `budget:agentos:${config.shortName}`, opening);
      return {
        backend: new AgentOSBackend({ ...options, budget, ...calls(opening) }),
        close: async () => {},
      };
    }
    case 'pexip-engage': {
      const { type: _type, ...options } = config;
      const budget = budgetFor(90, `budget:pexip-engage:${config.enterprise}:${config.clientId}`, opening);
      return {
        backend: new PexipEngageBackend({
          ...options,
          budget,
          ...webhookMemory(opening),
          ...clock(opening),
          ...calls(opening),
        }),
        close: async () => {},
      };
    }
    case 'actuallycare': {
      const { type: _type, ...settings } = config;
      // ActuallyCare counts per calling address over 15 minutes.
      const budget = budgetFor(
        settings.requestsPer15Minutes,
        `budget:actuallycare:${new URL(settings.baseUrl).host}`,
        opening,
        15 * 60_000,
      );
      return {
        backend: new ActuallyCareBackend({
          ...settings,
          budget,
          ...webhookMemory(opening),
          ...clock(opening),
          ...calls(opening),
        }),
        close: async () => {},
      };
    }
    case 'officeplace': {
      const { type: _type, ...settings } = config;
      const budget = budgetFor(
        settings.requestsPerMinute,
        `budget:officeplace:${settings.tenantId}`,
        opening,
      );
      return {
        backend: new OfficePlaceBackend({ ...settings, budget, ...clock(opening), ...calls(opening) }),
        close: async () => {},
      };
    }
    case 'sandbox':
      return openSandbox(config, opening);
  }
}

async function openSandbox(
  config: Extract<BackendConfig, { type: 'sandbox' }>,
  opening: OpenOptions,
): Promise<RunningBackend> {
  // Emulators are loaded only when the sandbox is asked for: a proxy in front of a real system never loads them.
  const limits = {
    ...(opening.unlimited ? { rateLimit: false as const } : {}),
    ...clock(opening),
    variants: config.variants,
  };
  if (config.system === 'actuallycare') {
    const { startActuallyCareEmulator } = await import('../sandbox/actuallycare/index.ts');
    const sandbox = await startActuallyCareEmulator({ port: config.port, ...limits });
    const webhookSecret = randomBytes(24).toString('hex');
    const backend = await openBackend(
      {
        type: 'actuallycare',
        ...ActuallyCareSettings.parse({
          baseUrl: sandbox.url,
          apiKey: sandbox.emulator.apiKey,
          webhookSecret,
          ...sandbox.emulator.sandboxSettings(),
        }),
      },
      opening,
    );
    return {
      ...backend,
      sandboxUrl: sandbox.url,
      connect: (proxyBaseUrl) =>
        sandbox.emulator.configureWebhooks({
          url: `${proxyBaseUrl}/v1/webhooks/actuallycare`,
          secret: webhookSecret,
        }),
      close: () => sandbox.close(),
    };
  }
  if (config.system === 'officeplace') {
    const { startOfficePlaceEmulator } = await import('../sandbox/officeplace/index.ts');
    const sandbox = await startOfficePlaceEmulator({ port: config.port, ...limits });
    const backend = await openBackend(
      {
        type: 'officeplace',
        baseUrl: sandbox.url,
        tenantId: sandbox.emulator.tenantId,
        domainId: sandbox.emulator.domainId,
        clientId: sandbox.emulator.clientId,
        clientSecret: sandbox.emulator.clientSecret,
        catalogUrl: sandbox.feedUrl,
        requestsPerMinute: 55,
      },
      opening,
    );
    return {
      ...backend,
      sandboxUrl: sandbox.url,
      officePlace: sandbox.emulator,
      close: () => sandbox.close(),
    };
  }
  if (config.system === 'pexip-engage') {
    const { startPexipEngageEmulator } = await import('../sandbox/pexip-engage/index.ts');
    const sandbox = await startPexipEngageEmulator({ port: config.port, ...limits });
    // A fresh secret each run: the emulator and the proxy are the only ones who need to know it.
    const webhookSecret = randomBytes(24).toString('hex');
    const backend = await openBackend(
      {
        type: 'pexip-engage',
        baseUrl: sandbox.url,
        authUrl: sandbox.url,
        enterprise: sandbox.emulator.enterprise,
        clientId: sandbox.emulator.clientId,
        clientSecret: sandbox.emulator.clientSecret,
        meetingType: 'OFFICE',
        webhookSecret,
      },
      opening,
    );
    return {
      ...backend,
      sandboxUrl: sandbox.url,
      connect: (proxyBaseUrl) =>
        sandbox.emulator.configureWebhooks({
          url: `${proxyBaseUrl}/v1/webhooks/pexip-engage`,
          secret: webhookSecret,
        }),
      close: () => sandbox.close(),
    };
  }
  const { startAgentOSEmulator } = await import('../sandbox/agentos/index.ts');
  const sandbox = await startAgentOSEmulator({ port: config.port, seed: config.seed, ...limits });
  const backend = await openBackend(
    {
      type: 'agentos',
      baseUrl: sandbox.url,
      shortName: sandbox.emulator.shortName,
      apiKey: sandbox.emulator.apiKey,
      timeZone: 'Europe/London',
      allocationsPer: 'branch',
      requestsPerMinute: 48,
    },
    opening,
  );
  return { ...backend, sandboxUrl: sandbox.url, close: () => sandbox.close() };
}
