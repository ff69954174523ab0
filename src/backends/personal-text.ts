/** An e-mail address anywhere in a text. */
export const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
/** UK and international numbers as people type them; dates and hex ids are left alone. */
export const PHONE = /(?<![\w-])(?:\+\d{1,3} ?|0)\d{2,4} ?\d{3,4} ?\d{3,4}(?![\w-])/g;

/** `text` with every e-mail address and phone number in it replaced, for errors, logs and recordings. */
export const hidePersonalText = (text: string): string =>
  text.replace(EMAIL, '[email]').replace(PHONE, '[phone]');
