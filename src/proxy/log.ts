import { pino } from 'pino';

export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/**
 * Field names that hold a person's details or a secret. Callers pass ids and counts, and `LogFields` holds no
 * nested objects; should one of these names ever reach a log call, pino writes `[personal]` in its place.
 */
export const PERSONAL_FIELDS: readonly string[] = [
  'firstName',
  'lastName',
  'fullName',
  'name',
  'email',
  'phone',
  'mobile',
  'guest',
  'viewer',
  'contact',
  'comments',
  'apiKey',
  'api_key',
  'password',
  'authorization',
  'cookie',
];

/** Room for the lines of a busy moment: at a hundred-odd bytes each, several hundred requests' worth. */
const BATCH_BYTES = 64 * 1024;

/**
 * Collects lines and hands them to `out` together: when a batch is full, at most `everyMs` after its first line,
 * and when the process exits. The proxy logs a line per request: written one by one, or once per turn of the
 * event loop (a turn under load answers only a request or two), each write is a system call of its own (stderr
 * writes are synchronous on Linux), which costs as much as answering a request from memory. Each line is copied
 * into the batch's bytes as it comes, so no string outlives its request: strings kept until the write would
 * be copied by every garbage collection on the way, which costs more than the system calls saved. A process
 * killed outright loses at most `everyMs` of lines.
 */
export function batchedLines(out: (bytes: Uint8Array) => void, everyMs = 50): (line: string) => void {
  let batch = Buffer.allocUnsafe(BATCH_BYTES);
  let used = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (used === 0) return;
    const full = batch.subarray(0, used);
    // `out` may keep the bytes it was given (a pipe that is not ready): the next lines go into new ones.
    batch = Buffer.allocUnsafe(BATCH_BYTES);
    used = 0;
    out(full);
  };
  // A process that ends before the next write (an error at start-up, `process.exit`) still writes its lines.
  process.on('exit', flush);
  return (line) => {
    // A UTF-16 unit is at most three bytes of UTF-8; the newline one more.
    if (used + line.length * 3 + 1 > BATCH_BYTES) flush();
    if (line.length * 3 + 1 > BATCH_BYTES) return out(Buffer.from(`${line}\n`));
    used += batch.write(line, used);
    batch[used++] = 0x0a;
    // Unreferenced: lines waiting to be written never keep a finished process alive; the exit hook writes them.
    timer ??= setTimeout(flush, everyMs).unref();
  };
}

let stderrLines: ((line: string) => void) | undefined;

/**
 * One JSON object per line (`level`, `time`, the fields, `event`), made by pino, on stderr in batches (see
 * `batchedLines`) or given to `write` line by line.
 */
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
      lastTime = `,"time":"${new Date(ms).toISOString()}"`;
    }
    return lastTime;
  };
  const logger = pino(
    {
      base: undefined,
      messageKey: 'event',
      timestamp: time,
      formatters: { level: (label) => ({ level: label }) },
      // Top-level names only: a wildcard path costs pino more than the rest of the line.
      redact: { paths: [...PERSONAL_FIELDS], censor: '[personal]' },
    },
    // pino ends each line with a newline; the batches add their own.
    { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) },
  );
  return {
    info: (event, fields) => logger.info(fields ?? {}, event),
    warn: (event, fields) => logger.warn(fields ?? {}, event),
    error: (event, fields) => logger.error(fields ?? {}, event),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
