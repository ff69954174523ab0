import { createHmac, timingSafeEqual } from 'node:crypto';

/** Keeps these MACs apart from anything else the same secret signs (manage links). */
const DOMAIN = 'viewing-widget form\n';
const MAC_BYTES = 16;

export interface FormCheckOptions {
  /** The signing secret, read once on first use. */
  secret: () => Promise<string>;
  /** A person takes seconds to choose a time and type their details; a script posts at once. */
  minFillMs: number;
  /** A form left open longer than this is read again before it may book. */
  maxAgeMs?: number;
  now: () => Date;
}

export type FormVerdict =
  | { ok: true }
  | { ok: false; code: 'looks_automated'; message: string }
  | { ok: false; code: 'too_soon'; retryAfterMs: number; message: string };

/**
 * Two cheap checks against booking scripts. Every free-time answer carries a token saying when it was served,
 * signed so it cannot be made up; a booking must bring one at least `minFillMs` old. The widget's form also
 * holds a field people never see (the honeypot): a value in it means a script filled every input it found.
 */
export class FormCheck {
  private key: Promise<string> | undefined;

  constructor(private readonly options: FormCheckOptions) {}

  async issue(): Promise<string> {
    const issued = String(this.options.now().getTime());
    return `${issued}.${await this.mac(issued)}`;
  }

  async check(form: { website?: string | undefined; formToken?: string | undefined }): Promise<FormVerdict> {
    const automated = {
      ok: false,
      code: 'looks_automated',
      message:
        'This booking looks like it was sent by a script. Please reload the page and try again, or call the branch.',
    } as const;
    if (form.website) return automated;
    const [issued = '', mac = ''] = (form.formToken ?? '').split('.');
    if (!/^\d{1,15}$/.test(issued) || !/^[\w-]+$/.test(mac)) return automated;
    const expected = Buffer.from(await this.mac(issued), 'base64url');
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return automated;
    const age = this.options.now().getTime() - Number(issued);
    if (age > (this.options.maxAgeMs ?? 24 * 60 * 60_000) || age < -60_000) return automated;
    if (age < this.options.minFillMs) {
      return {
        ok: false,
        code: 'too_soon',
        retryAfterMs: this.options.minFillMs - age,
        message: 'That was quicker than a person can fill the form. Please try again in a moment.',
      };
    }
    return { ok: true };
  }

  private async mac(issued: string): Promise<string> {
    this.key ??= this.options.secret();
    return createHmac('sha256', await this.key)
      .update(DOMAIN)
      .update(issued)
      .digest()
      .subarray(0, MAC_BYTES)
      .toString('base64url');
  }
}
