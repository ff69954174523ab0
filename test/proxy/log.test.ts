import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { batchedLines, jsonLogger } from '../../src/proxy/log.ts';
import { COMPILED_CLI } from '../fixtures/compiled-proxy.ts';

describe('the proxy’s log', () => {
  it('writes the lines of one turn of the event loop together, in order, with nothing lost', async () => {
    const writes: string[] = [];
    const log = jsonLogger(batchedLines((text) => writes.push(text)));
    for (let i = 0; i < 100; i++) log.info('request', { status: 200, n: i });
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(1);
    const lines = (writes[0] ?? '').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => (JSON.parse(line) as { n: number }).n)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
  });

  it('still writes a line logged just before the process exits', () => {
    const log = new URL('log.js', `file://${COMPILED_CLI}`).href;
    const script = `const { jsonLogger } = await import(${JSON.stringify(log)});
jsonLogger().error('start_failed', { reason: 'config' });
process.exit(3);`;
    const { status, stderr } = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(status).toBe(3);
    expect(JSON.parse(stderr.trim())).toMatchObject({
      level: 'error',
      event: 'start_failed',
      reason: 'config',
    });
  });
});
