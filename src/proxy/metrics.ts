/** Label values by name, e.g. `{route: '/v1/slots', status: '200'}`. */
export type Labels = Record<string, string>;

interface Family {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, { labels: Labels; value: number }>;
}

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
/** Counted on every request, so built without the arrays a map and join would make. */
function keyOf(labels: Labels): string {
  const names = Object.keys(labels);
  if (names.length > 1) names.sort();
  let key = '';
  for (const name of names) key += `${key ? ',' : ''}${name}=${labels[name]}`;
  return key;
}

/**
 * Counters and gauges in the Prometheus text format, for `GET /metrics`. Small on purpose: the proxy counts a
 * handful of things an operator acts on (upstream calls and limits, cache hits, bookings, conflicts).
 */
export class Metrics {
  private readonly families = new Map<string, Family>();
  private readonly collectors: (() => void)[] = [];

  private family(name: string, help: string, type: Family['type']): Family {
    let family = this.families.get(name);
    if (!family) this.families.set(name, (family = { help, type, values: new Map() }));
    return family;
  }

  counter(name: string, help: string) {
    const family = this.family(name, help, 'counter');
    return (labels: Labels = {}, by = 1) => {
      const key = keyOf(labels);
      const entry = family.values.get(key);
      if (entry) entry.value += by;
      else family.values.set(key, { labels, value: by });
    };
  }

  gauge(name: string, help: string) {
    const family = this.family(name, help, 'gauge');
    return (value: number, labels: Labels = {}) => family.values.set(keyOf(labels), { labels, value });
  }

  /** Runs before each exposition, for gauges read from elsewhere (queue sizes, budget use). */
  onCollect(collect: () => void) {
    this.collectors.push(collect);
  }

  /** The current value, for tests. */
  value(name: string, labels: Labels = {}): number {
    return this.families.get(name)?.values.get(keyOf(labels))?.value ?? 0;
  }

  text(): string {
    for (const collect of this.collectors) collect();
    const lines: string[] = [];
    for (const [name, family] of this.families) {
      lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`);
      for (const { labels, value } of family.values.values()) {
        const names = Object.keys(labels);
        const rendered = names.length
          ? `{${names.map((n) => `${n}="${escape(labels[n] ?? '')}"`).join(',')}}`
          : '';
        lines.push(`${name}${rendered} ${value}`);
      }
    }
    return lines.join('\n') + '\n';
  }
}
