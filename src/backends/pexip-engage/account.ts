import { UpstreamError, type AccountCheck } from '../types.ts';
import type { PexipEngageClient, Probe } from './client.ts';
import { translate } from './mapping.ts';
import type { MeetingType, Office, Subject } from './schemas.ts';

/** Scopes the proxy uses: reads for the catalog and free times, writes for customers and bookings. */
const NEEDED_SCOPES = [
  'engage:offices:readOnly',
  'engage:listings:readOnly',
  'engage:subjects:readOnly',
  'engage:employees:readOnly',
  'engage:availability:readOnly',
  'engage:customers:readWrite',
  'engage:appointments:readWrite',
] as const;

/** A readWrite scope covers its readOnly twin. */
const granted = (scopes: readonly string[], needed: string) =>
  scopes.includes(needed) || scopes.includes(needed.replace(/:readOnly$/, ':readWrite'));

/** An address no customer has: the look-up proves the e-mail filter works without reading anyone. */
const NOBODY = 'account-check@example.invalid';

export interface AccountCheckInput {
  client: PexipEngageClient;
  enterprise: string;
  meetingType: MeetingType;
  language: string;
  findSubject(): Promise<Subject>;
  now: () => Date;
}

/**
 * The account as the proxy needs it, read-only and in a handful of calls: a token, the scopes the realm
 * granted, one row of each list the proxy reads, the viewing subject and one week of its timetable.
 */
export async function checkAccount(input: AccountCheckInput): Promise<AccountCheck[]> {
  const { client, enterprise } = input;
  let scopes: string[] | undefined;
  try {
    scopes = await client.grantedScopes();
  } catch (error) {
    return [
      {
        name: 'authentication',
        ok: false,
        detail: error instanceof Error ? error.message : String(error),
        hint: `Check enterprise ("${enterprise}", the realm of the token URL), clientId and clientSecret: the API client must be allowed the client-credentials flow.`,
      },
    ];
  }
  const checks: AccountCheck[] = [
    { name: 'authentication', ok: true, detail: `a token was issued by the ${enterprise} realm` },
  ];
  if (scopes) {
    const missing = NEEDED_SCOPES.filter((scope) => !granted(scopes, scope));
    checks.push({
      name: 'scopes',
      ok: missing.length === 0,
      detail:
        missing.length === 0 ? `granted: ${NEEDED_SCOPES.join(', ')}` : `missing: ${missing.join(', ')}`,
      hint: `Grant the API client ${missing.join(', ')} in Pexip Engage.`,
    });
  } else {
    checks.push({
      name: 'scopes',
      ok: true,
      detail: 'the realm does not list the scopes it granted; the reads below check them',
    });
  }

  let offices: Office[] = [];
  try {
    offices = await client.offices();
    const open = offices.filter((office) => office.active !== false);
    checks.push({
      name: 'offices',
      ok: open.length > 0,
      detail: `${open.length} active of ${offices.length}`,
      hint: 'Create at least one active office in Pexip Engage: offices are the branches visitors choose.',
    });
  } catch (error) {
    checks.push(failed('offices', error, 'engage:offices:readOnly'));
  }
  checks.push(
    probed('listings', await client.probe('listings'), 'engage:listings:readOnly'),
    probed('employees', await client.probe('employees'), 'engage:employees:readOnly'),
    probed('appointments', await client.probe('appointments'), 'engage:appointments:readWrite'),
    probed(
      'customer look-up',
      await client.probe('customers', { email: NOBODY }),
      'engage:customers:readWrite',
      () => 'customers can be found by e-mail',
    ),
  );

  let subject: Subject | undefined;
  try {
    subject = await input.findSubject();
    checks.push({
      name: 'viewing subject',
      ok: true,
      detail: `"${translate(subject.translations.name, input.language) ?? subject.id}" (id ${subject.id})`,
    });
  } catch (error) {
    checks.push({
      name: 'viewing subject',
      ok: false,
      detail: error instanceof Error ? error.message : String(error),
      hint:
        error instanceof UpstreamError && error.status === 403
          ? 'Grant the API client engage:subjects:readOnly in Pexip Engage.'
          : 'Create a subject "Property viewing" in Pexip Engage, or set subjectId or subjectName to the subject visitors book.',
    });
  }

  const office = offices.find((candidate) => candidate.active !== false);
  if (subject && office) {
    const from = input.now();
    const to = new Date(from.getTime() + 7 * 24 * 60 * 60 * 1000);
    const name = translate(office.translations.name, input.language) ?? office.id;
    try {
      const timetable = await client.timetable(
        {
          from: from.toISOString(),
          to: to.toISOString(),
          officeId: office.id,
          subjectId: subject.id,
          meetingType: input.meetingType,
        },
        'sync',
      );
      checks.push({
        name: 'availability',
        ok: true,
        detail: `${timetable.timeSlots.length} free ${input.meetingType} times at ${name} in the coming week`,
      });
    } catch (error) {
      checks.push(failed('availability', error, 'engage:availability:readOnly'));
    }
  }
  return checks;
}

function probed(
  name: string,
  probe: Probe,
  scope: string,
  describe: (count: number) => string = (count) => `${count} readable`,
): AccountCheck {
  if (probe.ok) return { name, ok: true, detail: describe(probe.totalCount) };
  return {
    name,
    ok: false,
    detail: `Pexip Engage answered ${probe.status}${probe.code ? ` ${probe.code}` : ''}`,
    hint: probe.status === 403 ? `Grant the API client ${scope} in Pexip Engage.` : hintFor(probe.status),
  };
}

function failed(name: string, error: unknown, scope: string): AccountCheck {
  const status = error instanceof UpstreamError ? error.status : undefined;
  return {
    name,
    ok: false,
    detail: error instanceof Error ? error.message : String(error),
    hint: status === 403 ? `Grant the API client ${scope} in Pexip Engage.` : hintFor(status),
  };
}

const hintFor = (status: number | undefined) =>
  status === 404
    ? 'Check baseUrl and enterprise: Pexip Engage does not know this enterprise there.'
    : 'Check baseUrl, and try again later if Pexip Engage is unavailable.';
