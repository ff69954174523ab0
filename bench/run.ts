import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startDemo } from '../demo/server.ts';
import { abuseBench } from './abuse.ts';
import { availabilityBench } from './availability.bench.ts';
import { machine } from './machine.ts';
import { proxyLoad, proxyStartup } from './proxy-load.ts';
import { sharedCache } from './shared-cache.ts';
import { markdownTable, type Row } from './stats.ts';
import { upstreamEfficiency } from './upstream-efficiency.ts';
import { visitorLoad } from './visitor-load.ts';
import { widgetSpeed } from './widget-speed.ts';
import { widgetWeight } from './widget-weight.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Published weights of the generic booking embeds, for comparison. */
const REFERENCE = `| embed | what a visitor downloads |
|---|---|
| viewing-widget | the gzip figures above: a small boot script, then the flow (styles inside) and its later steps, no iframe |
| Cal.com embed | 17.2 KB gzipped loader, which then loads its booking app (roughly 340 KB of script) in an iframe |`;

async function main() {
  const script = here('../dist/viewing-widget.js');
  if (!existsSync(script))
    throw new Error('dist/viewing-widget.js is missing: `npm run bench` builds it first');
  const started = Date.now();
  const rows: Row[] = [];
  const step = async (name: string, run: () => Promise<Row[]>) => {
    const t = Date.now();
    process.stderr.write(`bench: ${name}…\n`);
    rows.push(...(await run()));
    process.stderr.write(`bench: ${name} done in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  };

  await step('widget weight', () => widgetWeight(here('../dist')));
  await step('widget speed', async () => {
    const demo = await startDemo({ port: 0, quiet: true, unlimitedUpstream: true, minFillSeconds: 0 });
    try {
      return await widgetSpeed(demo.url);
    } finally {
      await demo.close();
    }
  });
  await step('proxy load', () => proxyLoad());
  await step('proxy start-up', () => proxyStartup());
  await step('shared cache in front', () => sharedCache());
  await step('upstream efficiency', () => upstreamEfficiency());
  await step('availability engine', () => availabilityBench());
  let missed: string[] = [];
  await step('abuse: one client at ten times the starving rates, for two minutes', async () => {
    const abuse = await abuseBench();
    missed.push(...abuse.missed);
    return abuse.rows;
  });
  // Last, and alone: five real minutes against the emulator at agentOS's own limit.
  await step('load: 1,000 visitors at the real agentOS limit', async () => {
    const load = await visitorLoad();
    missed = [
      ...missed,
      ...(load.upstream429 > 0 ? [`${load.upstream429} upstream 429/403 answers`] : []),
      ...load.visitorErrors,
    ];
    return load.rows;
  });

  const report = `# Benchmarks

\`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, in ${Math.round((Date.now() - started) / 1000)} s.

${machine()}

Every figure is the median of repeated runs, with the smallest and largest run beside it.

${markdownTable(rows)}

## For reference

${REFERENCE}
`;
  await writeFile(here('./results.md'), report);
  console.log(report);
  if (missed.length > 0) {
    console.error(`The load test missed its targets:\n${missed.slice(0, 20).join('\n')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
