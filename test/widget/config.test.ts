import { describe, expect, it } from 'vitest';
import { guestFromPrefill, toAttributes, utmNote } from '../../widget/config.ts';

describe('widget options', () => {
  it('turn JS options and data-* attributes into the attributes the widget reads, and nothing else', () => {
    expect(
      toAttributes({
        proxy: '/api',
        property: 'C497520AC3A9128C',
        locale: 'fr',
        radius: 4,
        prefill: { name: 'Ada Lovelace', email: 'ada@example.com', shoeSize: '5' },
        mode: 'inline',
        onclick: 'alert(1)',
        branch: { id: 'not a string' },
      }),
    ).toEqual({
      proxy: '/api',
      property: 'C497520AC3A9128C',
      locale: 'fr',
      radius: '4',
      'prefill-name': 'Ada Lovelace',
      'prefill-email': 'ada@example.com',
    });
    // A trigger's dataset is camelCased by the browser: data-prefill-phone arrives as prefillPhone.
    expect(
      toAttributes({ viewingOpen: '', prefillPhone: '07700 900123', accent: '#7c2d12', theme: 'dark' }),
    ).toEqual({
      'prefill-phone': '07700 900123',
      accent: '#7c2d12',
      theme: 'dark',
    });
  });

  it('split a full name into first name and the rest', () => {
    expect(guestFromPrefill({ name: '  Ada  King Lovelace ' })).toMatchObject({
      firstName: 'Ada',
      lastName: 'King Lovelace',
    });
    expect(guestFromPrefill({ email: 'ada@example.com' })).toMatchObject({ firstName: '', lastName: '' });
  });
});

describe("the page's campaign tags", () => {
  it('become one line for the agent, in the order the page has them', () => {
    expect(utmNote('?utm_source=newsletter&page=2&utm_medium=email&utm_campaign=spring%20lettings')).toBe(
      'Came from: utm_source=newsletter, utm_medium=email, utm_campaign=spring lettings',
    );
  });

  it('are left out when there are none, or they are empty', () => {
    expect(utmNote('')).toBeUndefined();
    expect(utmNote('?utm_source=&ref=home')).toBeUndefined();
  });

  it('cannot flood the notes', () => {
    const long = `?${Array.from({ length: 10 }, (_, i) => `utm_x${i}=${'y'.repeat(300)}`).join('&')}`;
    const note = utmNote(long) ?? '';
    expect(note.split(', ')).toHaveLength(6);
    expect(note.length).toBeLessThan(700);
  });
});
