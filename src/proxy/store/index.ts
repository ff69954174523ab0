export type { Clock, QueuedItem, Store } from './types.ts';
export { StoreUnavailableError } from './unavailable.ts';
export { MemoryStore } from './memory.ts';
// The SQLite and Redis stores are imported from their own files (`./sqlite.ts`, `./redis.ts`), only where they
// are used: their drivers are optional dependencies of the package, loaded when the config asks for them.
export type { RedisPersistence, RedisStore, RedisStoreOptions } from './redis.ts';
export type { SqliteStore } from './sqlite.ts';
