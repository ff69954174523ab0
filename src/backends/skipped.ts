import type { z } from 'zod';

/** One upstream record the proxy could not use: where it was and why, never what it held. */
export interface SkippedRecord {
  system: string;
  /** Short and stable, for a metric label: `invalid`, `unknown_branch`, `unsupported_rent_schedule`, ... */
  reason: string;
  /** Where in the answer it sat, e.g. `GET /listings data[3].translations.name`. */
  path: string;
}

/**
 * Counts the upstream records skipped so the rest of an answer could be used. One odd listing loses that
 * listing, never the catalog; the count (`upstream_records_skipped_total{system,reason}`) and one log line per
 * record tell the agency something in their system needs a look.
 */
export class SkippedRecords {
  private readonly counts = new Map<string, number>();
  private readonly told = new Set<string>();
  private listener: ((record: SkippedRecord) => void) | undefined;

  constructor(readonly system: string) {}

  /** Called once per distinct record (path and reason), however often it is read again. */
  onSkip(listener: (record: SkippedRecord) => void): void {
    this.listener = listener;
  }

  skip(reason: string, path: string): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
    const key = `${reason}\n${path}`;
    if (this.told.has(key)) return;
    this.told.add(key);
    this.listener?.({ system: this.system, reason, path });
  }

  /** Skips so far by reason. */
  totals(): { reason: string; count: number }[] {
    return [...this.counts].map(([reason, count]) => ({ reason, count }));
  }

  get total(): number {
    let sum = 0;
    for (const count of this.counts.values()) sum += count;
    return sum;
  }
}

/** The first problem zod found, as a path inside the record, e.g. `.translations.name`. */
function issuePath(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return '';
  return issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
}

/**
 * Each row through `schema`; a row that does not parse is skipped and counted under `invalid` with its path
 * (`where` names the answer, e.g. `GET /listings data`), and the rest are returned.
 */
export function parseEach<S extends z.ZodType>(
  schema: S,
  rows: readonly unknown[],
  where: string,
  skipped: SkippedRecords,
): z.output<S>[] {
  const parsed: z.output<S>[] = [];
  rows.forEach((row, index) => {
    const result = schema.safeParse(row);
    if (result.success) parsed.push(result.data);
    else skipped.skip('invalid', `${where}[${index}]${issuePath(result.error)}`);
  });
  return parsed;
}
