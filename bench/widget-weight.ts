import { readFile } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { spread, type Row } from './stats.ts';

/** Bytes a visitor downloads for the widget, compressed the two ways servers send it. */
export async function widgetWeight(path: string): Promise<Row[]> {
  const script = await readFile(path);
  const gzip = gzipSync(script, { level: 9 }).length;
  const brotli = brotliCompressSync(script, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  // Compression is deterministic: one run is the median, the min and the max.
  return [
    {
      group: 'Widget weight',
      figure: 'dist/viewing-widget.js, raw',
      unit: 'B',
      value: spread([script.length]),
    },
    {
      group: 'Widget weight',
      figure: 'gzip -9',
      unit: 'B',
      value: spread([gzip]),
      note: 'budget 20 KB (size-limit in npm test)',
    },
    { group: 'Widget weight', figure: 'brotli 11', unit: 'B', value: spread([brotli]) },
  ];
}
