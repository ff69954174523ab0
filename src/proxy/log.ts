export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/**
 * Collects lines and hands them to `out` together, once per turn of the event loop and when the process exits.
 * The proxy logs a line per request: written one by one, each is a system call of its own (stderr writes are
 * synchronous on Linux), which under load costs as much as answering the request from memory.
 */
export function batchedLines(out: (text: string) => void): (line: string) => void {
  let pending: string[] = [];
  const flush = () => {
    process.off('exit', flush);
    if (pending.length === 0) return;
    const text = pending.join('\n') + '\n';
    pending = [];
    out(text);
  };
  return (line) => {
    if (pending.length === 0) {
      setImmediate(flush);
      // A process that ends before the next turn (an error at start-up, `process.exit`) still writes its lines.
      process.once('exit', flush);
    }
    pending.push(line);
  };
}

let stderrLines: ((line: string) => void) | undefined;

/** One JSON object per line on stderr; callers pass ids and counts, never a visitor's details. */
export function jsonLogger(
  write: (line: string) => void = (stderrLines ??= batchedLines((text) => process.stderr.write(text))),
): Logger {
  // Under load many lines share a millisecond: its timestamp is formatted once.
  let lastMs = Number.NaN;
  let lastTime = '';
  const time = () => {
    const ms = Date.now();
    if (ms !== lastMs) {
      lastMs = ms;
      lastTime = new Date(ms).toISOString();
    }
    return lastTime;
  };
  const emit =
    (level: string) =>
    (event: string, fields: LogFields = {}) =>
      write(JSON.stringify({ time: time(), level, event, ...fields }));
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
