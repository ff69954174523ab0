import { ConfigError } from './config.ts';
import type { Logger } from './log.ts';
import { StoreUnavailableError, type RedisPersistence, type RedisStore } from './store/index.ts';

/** While Redis cannot be asked at start-up, it is asked this often until it answers. */
const RECHECK_MS = 250;

const ADVICE =
  'Turn on its append-only file (appendonly yes in redis.conf), or set store.allowVolatile ' +
  '(REDIS_ALLOW_VOLATILE=true) to use it anyway.';

/** Why a Redis that keeps this much is unfit to hold the proxy's state; undefined when it is fit. */
function unfit(kind: RedisPersistence): string | undefined {
  if (kind === 'none')
    return (
      'Redis keeps nothing across a restart (appendonly no and no save points): a restart would forget every ' +
      `manage link, idempotent answer and kept request, and the count of upstream calls. ${ADVICE}`
    );
  if (kind === 'unknown')
    return (
      'Redis does not say whether it keeps its data across a restart: its CONFIG command is not allowed and ' +
      `INFO shows no append-only file. ${ADVICE}`
    );
  return undefined;
}

export interface PersistenceGuard {
  /** Stops asking a Redis that could not be asked at start-up. */
  stop(): void;
}

/**
 * Uses the Redis store only once it is known to keep its data across a restart. A Redis that answers at
 * start-up and does not persist stops the start with a `ConfigError` saying what to change. One that cannot
 * be asked yet is refused (every call answers `store_unavailable`, as if it were down) until it answers: then
 * it is used, or, if it does not persist, refused for good with an error in the log. `allowVolatile` uses any
 * Redis, with a warning.
 */
export async function guardPersistence(
  store: RedisStore,
  { allowVolatile, log }: { allowVolatile: boolean; log: Logger },
): Promise<PersistenceGuard> {
  /** Whether the store may be used; says so in the log when only with a caveat. */
  const judge = (kind: RedisPersistence): string | undefined => {
    if (kind === 'rdb')
      log.warn('store_snapshots_only', {
        message:
          'Redis keeps snapshots only: a crash loses what changed since the last one. appendonly yes keeps all ' +
          'but the last second.',
      });
    const problem = unfit(kind);
    if (problem && allowVolatile) {
      log.warn('store_volatile', { message: problem });
      return undefined;
    }
    return problem;
  };
  try {
    const problem = judge(await store.persistence());
    if (problem) throw new ConfigError(problem);
    return { stop: () => undefined };
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
  }
  store.refuse('Redis has not answered yet, so whether it keeps its data is not known.');
  log.warn('store_persistence_unchecked', {
    message: 'Redis is not answering; it is used once it answers and persists.',
  });
  const timer = setInterval(() => {
    store.persistence().then(
      (kind) => {
        clearInterval(timer);
        const problem = judge(kind);
        if (problem) {
          store.refuse(problem);
          log.error('store_refused', { message: problem });
        } else store.allow();
      },
      () => undefined,
    );
  }, RECHECK_MS);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
