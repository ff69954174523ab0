import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Store } from './store/index.ts';

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
  /** Counts each token's uses, across every instance sharing it. */
  store: Store;
  /** Bookings one token may send: a visitor who meets a taken time tries again, a script does not get far. */
  maxUses?: number;
  now: () => Date;
}

const DEFAULT_MAX_USES = 5;

export type FormVerdict =
  /** `holdMs`: sent sooner than a person fills the form; it is answered only once that time is up. */
  { ok: true; holdMs: number } | { ok: false; code: 'looks_automated'; message: string };

/**
 * Two cheap checks against booking scripts. The widget asks for a token when a home's free times are first
 * shown; it says when and for which property, signed so it cannot be made up; a booking of that property must bring one (a few
 * bookings per token at most), and one younger than `minFillMs` is held until
 * that age before it is made. A script is slowed to a person's pace; a quick person (autofill) only waits a
 * moment, with no error and no console noise on the agency's page. The widget's form also holds a field
 * people never see (the honeypot): a value in it means a script filled every input it found.
 */
export class FormCheck {
  private key: Promise<string> | undefined;

  constructor(private readonly options: FormCheckOptions) {}

  /** A token for the free times of one property: it books that property only, a few times at most. */
  async issue(propertyId: string): Promise<string> {
    const issued = String(this.options.now().getTime());
    return `${issued}.${await this.mac(issued, propertyId)}`;
  }

  async check(
    form: { website?: string | undefined; formToken?: string | undefined },
    propertyId: string,
  ): Promise<FormVerdict> {
    const automated = {
      ok: false,
      code: 'looks_automated',
      message:
        'This booking looks like it was sent by a script. Please reload the page and try again, or call the branch.',
    } as const;
    if (form.website) return automated;
    const [issued = '', mac = ''] = (form.formToken ?? '').split('.');
    if (!/^\d{1,15}$/.test(issued) || !/^[\w-]+$/.test(mac)) return automated;
    const expected = Buffer.from(await this.mac(issued, propertyId), 'base64url');
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return automated;
    const maxAgeMs = this.options.maxAgeMs ?? 24 * 60 * 60_000;
    const age = this.options.now().getTime() - Number(issued);
    if (age > maxAgeMs || age < -60_000) return automated;
    const use = await this.options.store.take(
      `form:uses:${mac}`,
      this.options.maxUses ?? DEFAULT_MAX_USES,
      maxAgeMs,
    );
    if (!use.taken) return automated;
    return { ok: true, holdMs: Math.max(0, this.options.minFillMs - age) };
  }

  private async mac(issued: string, propertyId: string): Promise<string> {
    // A secret that could not be read (its store was down) is asked for again next time, not kept failing.
    this.key ??= this.options.secret().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return createHmac('sha256', await this.key)
      .update(DOMAIN)
      .update(`${issued}\n${propertyId}`)
      .digest()
      .subarray(0, MAC_BYTES)
      .toString('base64url');
  }
}
