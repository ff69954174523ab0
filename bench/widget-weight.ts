import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { spread, type Row } from './stats.ts';

/** A file of dist/ and the files it imports statically (an ES module's `from "./x.js"`), each once. */
async function withImports(dist: string, file: string, seen = new Set<string>()): Promise<Set<string>> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = await readFile(join(dist, file), 'utf8');
  for (const [, next] of code.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g))
    if (next) await withImports(dist, next, seen);
  return seen;
}

async function compressed(dist: string, files: Iterable<string>) {
  let gzip = 0;
  let brotli = 0;
  let raw = 0;
  for (const file of files) {
    const bytes = await readFile(join(dist, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { raw, gzip, brotli };
}

/**
 * Bytes a visitor downloads for the widget, each file compressed on its own as a server sends it: the boot
 * script, what the first step needs (boot, flow and what the flow imports), the whole booking (plus the home and
 * time steps and the later ones), and the files only some visitors load (a language, the agency's questions,
 * the manage view). Compression is deterministic:
 * one run is the median, the min and the max.
 */
export async function widgetWeight(dist: string): Promise<Row[]> {
  const first = new Set(['viewing-widget.js', ...(await withImports(dist, 'viewing-widget.flow.js'))]);
  const whole = new Set([
    ...first,
    ...(await withImports(dist, 'viewing-widget.browse.js')),
    ...(await withImports(dist, 'viewing-widget.later.js')),
  ]);
  const paths: [string, Iterable<string>, string?][] = [
    ['boot script (viewing-widget.js)', ['viewing-widget.js'], 'budget 4 KB'],
    ['first step: boot + flow', first, [...first].join(' + ')],
    ['whole booking: + home, time and later steps', whole, [...whole].join(' + ')],
    ['French (viewing-widget.fr.js), one of four languages', ['viewing-widget.fr.js']],
    [
      "the agency's questions (viewing-widget.questions.js), for a home that has some",
      ['viewing-widget.questions.js'],
    ],
    [
      'manage link: boot + flow + manage view',
      new Set(['viewing-widget.js', ...(await withImports(dist, 'viewing-widget.manage.js'))]),
    ],
  ];
  const rows: Row[] = [];
  for (const [figure, files, note] of paths) {
    const { raw, gzip, brotli } = await compressed(dist, files);
    const row = (how: string, bytes: number, withNote?: string): Row => ({
      group: 'Widget weight',
      figure: `${figure}, ${how}`,
      unit: 'B',
      value: spread([bytes]),
      ...(withNote ? { note: withNote } : {}),
    });
    rows.push(row('gzip -9', gzip, note), row('brotli 11', brotli), row('raw', raw));
  }
  return rows;
}
