import { describe, expect, it } from 'vitest';
import { BookingSource } from '../../src/contract/index.ts';
import { bookingSource, guestFromPrefill, toAttributes } from '../../widget/config.ts';

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

describe("where the visitor came from, read from the page's address", () => {
  it('is the page without its query, its utm_ tags and the ad click ids, and nothing else', () => {
    expect(
      bookingSource(
        'https://agency.example/homes/flat-4?email=ada%40example.com&utm_source=newsletter&page=2' +
          '&utm_medium=email&utm_campaign=spring%20lettings&gclid=Cj0KCQ&fbclid=IwAR2x#top',
      ),
    ).toEqual({
      page: 'https://agency.example/homes/flat-4',
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'spring lettings',
      gclid: 'Cj0KCQ',
      fbclid: 'IwAR2x',
    });
  });

  it('leaves out empty tags, and a page that is not on the web', () => {
    expect(bookingSource('https://agency.example/?utm_source=&ref=home')).toEqual({
      page: 'https://agency.example/',
    });
    expect(bookingSource('file:///Users/ada/page.html?utm_source=x')).toBeUndefined();
  });

  it('keeps each tag within what the proxy takes, so a long one cannot cost the booking', () => {
    const source = bookingSource(
      `https://agency.example/?utm_campaign=${'y'.repeat(300)}&gclid=${'z'.repeat(900)}`,
    );
    expect(source?.utm_campaign).toHaveLength(200);
    expect(source?.gclid).toHaveLength(500);
    expect(BookingSource.safeParse(source).success).toBe(true);
  });
});
