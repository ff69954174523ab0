import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { batchedLines, jsonLogger, type LogFields } from '../../src/proxy/log.ts';
import { COMPILED_CLI } from '../fixtures/compiled-proxy.ts';

describe('the proxy’s log', () => {
  it('writes the lines of a moment together, in order, with nothing lost', async () => {
    const writes: string[] = [];
    const log = jsonLogger(batchedLines((bytes) => writes.push(Buffer.from(bytes).toString('utf8')), 20));
    for (let i = 0; i < 50; i++) log.info('request', { status: 200, n: i });
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 50; i < 100; i++) log.info('request', { status: 200, n: i });
    expect(writes).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(writes).toHaveLength(1);
    const lines = (writes[0] ?? '').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => (JSON.parse(line) as { n: number }).n)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
  });

  it('keeps a burst larger than one write whole and in order, in any script', async () => {
    const writes: Uint8Array[] = [];
    const log = jsonLogger(batchedLines((bytes) => writes.push(Buffer.from(bytes)), 20));
    const note = 'Café ’ 東京 '.repeat(20);
    for (let i = 0; i < 2_000; i++) log.info('request', { n: i, note });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(writes.length).toBeGreaterThan(1);
    const lines = Buffer.concat(writes).toString('utf8').trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as { n: number; note: string })).toEqual(
      Array.from({ length: 2_000 }, (_, n) => expect.objectContaining({ n, note })),
    );
  });

  it('writes a person’s details as [personal] should a caller ever pass them', () => {
    const lines: string[] = [];
    const log = jsonLogger((line) => lines.push(line));
    const leaked = {
      bookingId: 'b-1',
      email: 'olivia.brennan@example.org',
      phone: '07700 900135',
      firstName: 'Olivia',
      lastName: 'Brennan',
    } satisfies LogFields;
    log.warn('booking_failed', leaked);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/olivia|brennan|07700/i);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'warn',
      event: 'booking_failed',
      bookingId: 'b-1',
      email: '[personal]',
      phone: '[personal]',
      firstName: '[personal]',
      lastName: '[personal]',
    });
    expect(Date.parse((JSON.parse(lines[0] ?? '') as { time: string }).time)).not.toBeNaN();
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
