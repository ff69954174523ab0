import { describe, expect, it } from 'vitest';
import { cameFrom } from '../../widget/staff/StaffApp.tsx';

describe('where an online viewer came from, as the staff diary shows it', () => {
  it('names the page, the campaign in the order tags are written, and which advert was clicked', () => {
    expect(
      cameFrom({
        page: 'https://agency.example/homes/bath',
        utm_source: 'newsletter',
        utm_medium: 'email',
        utm_campaign: 'spring-lettings',
        gclid: 'Cj0KCQ',
        fbclid: 'IwAR2x',
      }),
    ).toEqual([
      'https://agency.example/homes/bath',
      'Campaign: newsletter / email / spring-lettings',
      'A Google Ads click',
      'A Meta (Facebook, Instagram) ad click',
    ]);
  });

  it('says only what it knows', () => {
    expect(cameFrom({ page: 'https://agency.example/' })).toEqual(['https://agency.example/']);
  });
});
