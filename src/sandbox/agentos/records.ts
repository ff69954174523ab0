/** What a client sent that agentOS keeps but never shows back through the API: messages and feedback. */
export interface Records<T> {
  /** Copies, so a test cannot change what the emulator holds. */
  list(): T[];
  /** Stores the record `build` makes around the next reference. */
  add(build: (reference: string) => T): T;
}

/** An append-only list, one per emulator, handing out references `PREFIX-000001`, `PREFIX-000002`, ... */
export function createRecords<T>(prefix: string): Records<T> {
  const records: T[] = [];
  return {
    list: () => structuredClone(records),
    add: (build) => {
      const record = structuredClone(build(`${prefix}-${String(records.length + 1).padStart(6, '0')}`));
      records.push(record);
      return structuredClone(record);
    },
  };
}
