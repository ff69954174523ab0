import { BudgetExhaustedError, BudgetUnreadableError } from './budget.ts';
import { UpstreamError } from './types.ts';

/** The call was not made: the upstream has been failing and is being left alone for a moment. */
export class CircuitOpenError extends UpstreamError {
  constructor(system: string) {
    super('upstream_unavailable', `${system} is failing; not calling it for a moment`);
    this.name = 'CircuitOpenError';
  }
}

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  failures?: number;
  /** How long it stays open before one trial call is let through. */
  openMs?: number;
  now?: () => number;
}

/**
 * Stops calling an upstream that keeps failing: after a run of failures every call fails at once for a
 * while, so visitors get an answer (or their booking is queued) in milliseconds instead of after a timeout,
 * and a struggling upstream is not hammered. After the pause one trial call goes through, alone; calls made
 * meanwhile wait for its answer: its success closes the circuit and lets them go on, its failure opens it for
 * another pause and fails them without calling.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openUntil = 0;
  /** The half-open trial call in flight: settles when it has. */
  private trial: Promise<void> | undefined;
  private readonly failures: number;
  private readonly openMs: number;
  private readonly now: () => number;

  constructor(options: BreakerOptions = {}) {
    this.failures = options.failures ?? 5;
    this.openMs = options.openMs ?? 30_000;
    this.now = options.now ?? (() => Date.now());
  }

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.consecutive < this.failures) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  async run<T>(system: string, call: () => Promise<T>, failed: (result: T) => boolean): Promise<T> {
    // Until the one trial call settles the upstream may still be down: the rest wait for its verdict.
    while (this.state === 'half-open' && this.trial) await this.trial;
    const state = this.state;
    if (state === 'open') throw new CircuitOpenError(system);
    let settled: (() => void) | undefined;
    if (state === 'half-open') this.trial = new Promise((resolve) => (settled = resolve));
    try {
      const result = await call();
      if (failed(result)) this.failure();
      else this.success();
      return result;
    } catch (error) {
      // A call that waited out the rate budget never reached the upstream: it says nothing of its health, and
      // counting it would let pictures queued behind a busy minute shut out every visitor's free times. Nor
      // does one whose shared budget could not be read: a store outage must not leave the upstream shut out.
      if (
        error instanceof UpstreamError &&
        error.code === 'upstream_unavailable' &&
        !(error instanceof BudgetExhaustedError) &&
        !(error instanceof BudgetUnreadableError)
      )
        this.failure();
      throw error;
    } finally {
      // A trial that said nothing of the upstream's health (say it waited out the rate budget) leaves the
      // circuit half-open, so the next call is the trial.
      if (settled) {
        this.trial = undefined;
        settled();
      }
    }
  }

  private success(): void {
    this.consecutive = 0;
  }

  private failure(): void {
    this.consecutive++;
    if (this.consecutive >= this.failures) this.openUntil = this.now() + this.openMs;
  }
}

export interface RetryOptions {
  /** Tries after the first. */
  retries?: number;
  /** Base delay; each retry waits a random time up to base × 3^attempt ("full jitter"). */
  baseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Tries a read again when the upstream was unavailable, after a jittered pause so many proxies do not retry
 * in step. Only for reads: a booking that may have reached the upstream is never sent twice. A 429, an open
 * circuit and a call that waited out (or could not read) its rate budget are not retried: each says "not now".
 */
export async function retryRead<T>(read: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { retries = 2, baseMs = 150, random = Math.random } = options;
  const wait = options.sleep ?? sleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const transient =
        error instanceof UpstreamError &&
        error.code === 'upstream_unavailable' &&
        error.status !== 429 &&
        !(error instanceof CircuitOpenError) &&
        !(error instanceof BudgetExhaustedError) &&
        !(error instanceof BudgetUnreadableError);
      if (!transient || attempt >= retries) throw error;
      await wait(random() * baseMs * 3 ** attempt);
    }
  }
}
