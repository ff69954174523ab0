export type { Clock, QueuedItem, Store } from './types.ts';
export { StoreUnavailableError } from './unavailable.ts';
export { MemoryStore } from './memory.ts';
export { SqliteStore } from './sqlite.ts';
export { RedisStore, type RedisPersistence, type RedisStoreOptions } from './redis.ts';
