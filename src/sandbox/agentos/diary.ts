import type { DiaryEntry } from './model.ts';

export interface Diary {
  /** Copies, so a test cannot change what the emulator holds. */
  entries(): DiaryEntry[];
  find(reference: string): DiaryEntry | undefined;
  isBooked(staffId: string, localStart: string): boolean;
  add(entry: Omit<DiaryEntry, 'reference' | 'cancelled'>): DiaryEntry;
  /**
   * Changes one entry in a single step, so a move or a cancellation is never seen half done. `edit` works on
   * a copy; the answer is the stored result, or undefined for an unknown reference.
   */
  update(reference: string, edit: (entry: DiaryEntry) => void): DiaryEntry | undefined;
}

/** First reference handed out; agentOS references are opaque, this only has to look like one. */
const FIRST_REFERENCE = 210_001;

/** Bookings made through the API, one diary per emulator so parallel tests never share bookings. */
export function createDiary(): Diary {
  const entries: DiaryEntry[] = [];
  return {
    entries: () => structuredClone(entries),
    find: (reference) => {
      const entry = entries.find((candidate) => candidate.reference === reference);
      return entry && structuredClone(entry);
    },
    isBooked: (staffId, localStart) =>
      entries.some((entry) => !entry.cancelled && entry.staffId === staffId && entry.start === localStart),
    add: (fields) => {
      const entry: DiaryEntry = {
        ...structuredClone(fields),
        reference: `VW-${String(FIRST_REFERENCE + entries.length).padStart(6, '0')}`,
        cancelled: false,
      };
      entries.push(entry);
      return structuredClone(entry);
    },
    update: (reference, edit) => {
      const index = entries.findIndex((candidate) => candidate.reference === reference);
      const current = entries[index];
      if (!current) return undefined;
      const changed = structuredClone(current);
      edit(changed);
      changed.reference = current.reference;
      entries[index] = changed;
      return structuredClone(changed);
    },
  };
}
