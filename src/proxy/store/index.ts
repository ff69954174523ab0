export type { Clock, QueuedItem, Store } from './types.ts';
export { MemoryStore } from './memory.ts';
export { SqliteStore } from './sqlite.ts';
export { RedisStore } from './redis.ts';
