import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Label values by name, e.g. `{route: '/v1/slots', status: '200'}`. */
export type Labels = Record<string, string>;

/** One value read from elsewhere at scrape time (a queue's size, a count the upstream budget keeps). */
export interface Sample {
  labels?: Labels;
  value: number;
}

/** Reads the current samples; may ask the store. */
export type Reading = () => Sample[] | Promise<Sample[]>;

/** Seconds, for the time the proxy takes to answer: most answers come from memory in under a millisecond. */
export const ANSWER_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
/** Seconds, for an upstream's answer (10 s is the timeout) and for a wait for its rate budget (up to a minute). */
export const UPSTREAM_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Sets a metric from a reading at scrape time. A reading that fails (the store is down) leaves the last values
 * standing: a scrape must neither fail nor report a queue as emptied because it could not be read.
 */
async function refresh(metric: Counter | Gauge, read: Reading, put: (sample: Sample) => void) {
  let samples: Sample[];
  try {
    samples = await read();
  } catch {
    return;
  }
  metric.reset();
  for (const sample of samples) put(sample);
}

/**
 * The proxy's metrics, kept by prom-client in a registry of this proxy's own (two proxies in one process count
 * apart) and served at `GET /metrics` in the Prometheus text format. What the proxy counts itself is a counter
 * or a histogram; what it reads from elsewhere at scrape time is a gauge, or a counter when it only grows.
 */
export class Metrics {
  readonly registry = new Registry();
  private defaults = false;

  counter(name: string, help: string, labelNames: readonly string[] = []) {
    const counter = new Counter({ name, help, labelNames, registers: [this.registry] });
    return (labels: Labels = {}, by = 1) => counter.inc(labels, by);
  }

  histogram(name: string, help: string, labelNames: readonly string[], buckets: number[]) {
    const histogram = new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
    return (labels: Labels, seconds: number) => histogram.observe(labels, seconds);
  }

  /** A level read at scrape time. */
  gauge(name: string, help: string, labelNames: readonly string[], read: Reading): void {
    const gauge: Gauge = new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect: () => refresh(gauge, read, ({ labels = {}, value }) => gauge.set(labels, value)),
    });
  }

  /** A count kept elsewhere that only grows (calls the upstream budget let through), read at scrape time. */
  total(name: string, help: string, labelNames: readonly string[], read: Reading): void {
    const counter: Counter = new Counter({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect: () => refresh(counter, read, ({ labels = {}, value }) => counter.inc(labels, value)),
    });
  }

  /**
   * Node's own metrics (CPU, memory, event-loop delay, garbage collection), for a proxy whose metrics are
   * served. Not for every proxy made: each set watches the event loop and the collector from then on.
   */
  withProcessMetrics(): void {
    if (this.defaults) return;
    this.defaults = true;
    collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
