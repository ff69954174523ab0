import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ATTRIBUTES } from '../../widget/config.ts';

interface Manifest {
  modules: {
    declarations: { tagName: string; attributes: { name: string }[]; events: { name: string }[] }[];
  }[];
}

describe('custom-elements.json, as the build writes it', () => {
  const manifest = JSON.parse(
    readFileSync(new URL('../../dist/custom-elements.json', import.meta.url), 'utf8'),
  ) as Manifest;
  const element = manifest.modules[0]!.declarations[0]!;

  it('names every attribute <viewing-widget> reads, and no other', () => {
    expect(element.tagName).toBe('viewing-widget');
    expect(element.attributes.map((a) => a.name).sort()).toEqual([...ATTRIBUTES].sort());
  });

  it('names the events a page can listen for', () => {
    expect(element.events.map((e) => e.name)).toEqual([
      'viewing:ready',
      'viewing:step',
      'viewing:booked',
      'viewing:rescheduled',
      'viewing:cancelled',
      'viewing:error',
      'viewing:close',
    ]);
  });
});
