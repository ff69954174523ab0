/** A figure from repeated runs: every number in the report is a median with its spread. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('no runs to summarise');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0, runs: values.length };
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

export interface Row {
  group: string;
  figure: string;
  unit: string;
  value: Spread;
  note?: string;
}

const fmt = (n: number) =>
  Number.isInteger(n) ? n.toLocaleString('en-GB') : n.toLocaleString('en-GB', { maximumFractionDigits: 2 });

export function markdownTable(rows: readonly Row[]): string {
  const lines = [
    '| group | figure | median | min | max | runs | note |',
    '|---|---|---:|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    const { median, min, max, runs } = row.value;
    lines.push(
      `| ${row.group} | ${row.figure} | ${fmt(median)} ${row.unit} | ${fmt(min)} | ${fmt(max)} | ${runs} | ${row.note ?? ''} |`,
    );
  }
  return lines.join('\n');
}
