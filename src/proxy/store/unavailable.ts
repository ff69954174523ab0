/**
 * The store did not answer in time or cannot be reached: Redis down, frozen, restarting or refusing writes.
 * Requests that need the store answer 503 `store_unavailable` with a `Retry-After`; background work tries again
 * on its next round. It is never a bug, so it is never a 500.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
