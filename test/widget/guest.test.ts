import { describe, expect, it } from 'vitest';
import { NewGuest } from '../../src/contract/index.ts';
import { checkGuestField } from '../../widget/guest.ts';
import { enGB } from '../../widget/i18n/en-GB.ts';

describe('the details form’s names', () => {
  it('says at once that a name holds only letters, spaces, apostrophes, hyphens and dots', () => {
    for (const name of ['verify at https://evil.example', 'Call 0800 123', 'Ann <b>']) {
      expect(checkGuestField('firstName', name, enGB)).toBe(enGB.invalid.name);
      expect(checkGuestField('lastName', name, enGB)).toBe(enGB.invalid.name);
    }
    expect(enGB.invalid.name).toMatch(/letters, spaces, apostrophes, hyphens and dots/);
  });

  it('takes the names the proxy takes, and refuses the ones it refuses', () => {
    const names = [
      'Zoë',
      "O'Brien-Smith",
      'St. John',
      'D’Arcy',
      'Nguyễn Văn',
      'Ольга',
      'x1',
      'a@b',
      'Ann/Bo',
    ];
    for (const name of names) {
      const proxy = NewGuest.shape.firstName.safeParse(name).success;
      expect({ name, widget: checkGuestField('firstName', name, enGB) === undefined }).toEqual({
        name,
        widget: proxy,
      });
    }
  });
});
