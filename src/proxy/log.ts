export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

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
