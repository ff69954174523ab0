import { writeFileSync } from 'node:fs';
import { markdownTable } from './stats.ts';
import { visitorLoad } from './visitor-load.ts';

/**
 * `npm run bench:load`: the five-minute load test on its own. Exits non-zero if it missed its targets.
 * `LOAD_VISITORS` and `LOAD_MINUTES` scale it; `LOAD_TRACE=file` writes every upstream answer (ms, path, status).
 */
const trace: string[] = [];
const result = await visitorLoad({
  ...(process.env.LOAD_VISITORS ? { visitors: Number(process.env.LOAD_VISITORS) } : {}),
  ...(process.env.LOAD_MINUTES ? { spanMs: Number(process.env.LOAD_MINUTES) * 60_000 } : {}),
  onUpstream: (at, path, status) => trace.push(`${at}\t${path}\t${status}`),
});
if (process.env.LOAD_TRACE) writeFileSync(process.env.LOAD_TRACE, `${trace.join('\n')}\n`);
process.stdout.write(`${markdownTable(result.rows)}\n`);
for (const error of result.visitorErrors.slice(0, 20)) process.stdout.write(`${error}\n`);
if (result.upstream429 > 0 || result.visitorErrors.length > 0) process.exitCode = 1;
