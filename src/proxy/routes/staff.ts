import type { Context, Hono, MiddlewareHandler } from 'hono';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  CancelRequest,
  RescheduleRequest,
  StaffBranchQuery,
  StaffDiaryQuery,
  StaffApprovalDecision,
  StaffMessage,
  StaffSignIn,
  type BranchesResponse,
  type StaffDiaryResponse,
  type StaffListResponse,
  type StaffSession,
  type StaffViewingResponse,
  type StaffWaitlistResponse,
} from '../../contract/index.ts';
import { UpstreamError } from '../../backends/index.ts';
import { addIsoDays } from '../../backends/slot-time.ts';
import type { CatalogCache } from '../catalog.ts';
import type { Waitlist } from '../waitlist.ts';
import { inZone } from '../manage/view.ts';
import { errorResponse, invalidRequest } from '../errors.ts';
import { todayIn } from '../today.ts';
import type { StaffGate } from '../staff/auth.ts';
import { DiaryBusy, type StaffDesk, type StaffOutcome } from '../staff/desk.ts';
import type { StaffMemberSession } from '../staff/keys.ts';
import { newNonce, staffPage, staffPagePolicy } from '../staff/page.ts';
import { limitBody, withBody } from './body.ts';
import { changeTrouble, refusalAnswer } from './errors.ts';

/** The built staff UI, beside the widget in this package's `dist/`. */
export const DEFAULT_STAFF_SCRIPT = fileURLToPath(new URL('../../../dist/viewing-staff.js', import.meta.url));

/** Staff look back over past viewings and ahead over future ones, a year either way. */
const MAX_DAYS_AWAY = 366;

export interface StaffRoutesOptions {
  gate: StaffGate;
  desk: StaffDesk;
  catalog: CatalogCache;
  /** The proxy's public base URL, whose host is the only origin staff pages call from. */
  publicUrl?: string;
  /** Path of the staff UI script. */
  script: string;
  maxBodyBytes: number;
  now: () => Date;
  /** The waiting lists, where the agency keeps them. */
  waitlist?: Waitlist;
}

/** Where the proxy's routes are mounted as the browser sees them, from a request for `<base>/staff…`. */
const basePath = (c: Context) => {
  const path = new URL(c.req.url).pathname;
  return path.slice(0, path.lastIndexOf('/staff'));
};

/**
 * Whether a browser's `Origin` is the staff page's own: scheme and host, as `publicUrl` gives them. Without it
 * the host must be the request's and the scheme the request's or https, which is what a TLS terminator in front
 * turns into a plain http request.
 */
function ownOrigin(origin: string, publicUrl: string | undefined, requestUrl: string): boolean {
  let given: URL;
  try {
    given = new URL(origin);
  } catch {
    return false;
  }
  if (publicUrl) return given.origin === new URL(publicUrl).origin;
  const own = new URL(requestUrl);
  return given.host === own.host && (given.protocol === own.protocol || given.protocol === 'https:');
}

const JSON_BODY = /^application\/json\s*(;|$)/i;

/**
 * Every staff answer is never cached anywhere. The app leaves staff paths out of CORS; a request from another
 * origin is refused outright here too, on top of the cookie's SameSite=Strict. A change must come as
 * `application/json`, which no other site's page can send without a preflight that is never granted.
 */
function staffOnly(publicUrl: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !ownOrigin(origin, publicUrl, c.req.url)) {
      c.header('Cache-Control', 'no-store');
      return errorResponse(c, 403, 'forbidden_origin', 'The staff diary can only be used from its own page.');
    }
    if (c.req.method === 'POST' && !JSON_BODY.test(c.req.header('content-type') ?? '')) {
      c.header('Cache-Control', 'no-store');
      return errorResponse(c, 415, 'invalid_request', 'Send the request as JSON.', {
        fields: { 'Content-Type': 'must be application/json' },
      });
    }
    await next();
    c.header('Cache-Control', 'no-store');
  };
}

type Authed = (c: Context, member: StaffMemberSession, expiresAt?: Date) => Promise<Response>;

/** What every group of staff routes is given: the sign-in check around a handler, and the body limit. */
interface StaffKit {
  authed: (use: Authed) => (c: Context) => Promise<Response>;
  limit: MiddlewareHandler;
}

/**
 * Staff reach a viewing by its reference, never through a visitor's link, so to them an expired link is
 * simply a viewing that is not there.
 */
const STAFF_STATUS = { link_expired: 404 } as const;

/** Trouble a staff request ran into, as an answer staff can act on; undefined for a fault of the proxy's own. */
function staffTrouble(c: Context, error: unknown): Response | undefined {
  if (error instanceof DiaryBusy) {
    c.header('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
    return errorResponse(
      c,
      429,
      'rate_limited',
      'The diary has been read a lot in the last minute; the booking system’s allowance is kept for visitors. Try again in a moment.',
    );
  }
  if (error instanceof UpstreamError && error.status === 404) {
    return errorResponse(
      c,
      404,
      'not_found',
      `The agency’s system no longer has this viewing (${error.message}).`,
    );
  }
  if (error instanceof UpstreamError && (error.status === 409 || error.status === 422)) {
    return errorResponse(c, 409, 'not_changeable', `The agency’s system refused: ${error.message}.`);
  }
  return changeTrouble(c, error, {
    locked: 'Someone is booking or changing this time right now. Try again in a moment.',
    unreachable:
      'The agency’s booking system is not answering right now, so nothing was changed. Try again in a minute.',
  });
}

/** Runs `use` for a signed-in member of staff, and turns upstream trouble into answers staff can act on. */
const signedIn =
  (gate: StaffGate) =>
  (use: Authed) =>
  async (c: Context): Promise<Response> => {
    const auth = await gate.authenticate(c);
    if (!auth.ok) return auth.response;
    try {
      return await use(c, auth.member, auth.expiresAt);
    } catch (error) {
      const answer = staffTrouble(c, error);
      if (answer) return answer;
      throw error;
    }
  };

const sessionAnswer = (c: Context, name: string, expiresAt: Date | undefined) =>
  c.json({
    name,
    ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
  } satisfies StaffSession);

/** The staff page itself and its script; the page signs in through the API. */
function pageRoutes(app: Hono, options: StaffRoutesOptions): void {
  app.get('/staff', (c) => {
    const nonce = newNonce();
    c.header('Content-Security-Policy', staffPagePolicy(nonce));
    c.header('X-Robots-Tag', 'noindex');
    return c.html(staffPage({ base: basePath(c), nonce }));
  });

  app.get('/staff/viewing-staff.js', async (c) => {
    try {
      const script = await readFile(options.script);
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      return c.body(script);
    } catch {
      return errorResponse(
        c,
        503,
        'not_ready',
        'The staff page’s script is missing: run `npm run build` first.',
      );
    }
  });
}

/** Signing in with a staff key, asking who is signed in, and signing out. */
function sessionRoutes(app: Hono, { gate }: StaffRoutesOptions, { authed, limit }: StaffKit): void {
  app.post(
    '/staff/session',
    limit,
    withBody(StaffSignIn, 'sign-in', async (c, { key }) => {
      const signed = await gate.signIn(c, key);
      return signed.ok ? sessionAnswer(c, signed.member.name, signed.expiresAt) : signed.response;
    }),
  );

  app.get(
    '/staff/session',
    authed(async (c, member, expiresAt) => sessionAnswer(c, member.name, expiresAt)),
  );

  app.delete('/staff/session', async (c) => {
    await gate.signOut(c);
    return c.body(null, 204);
  });
}

/** What staff read: the branches, a branch's diary over some days, and its staff. */
function diaryRoutes(
  app: Hono,
  { desk, catalog, now, waitlist }: StaffRoutesOptions,
  { authed }: StaffKit,
): void {
  const branchOf = (c: Context, branchId: string) =>
    catalog.branch(branchId) ??
    errorResponse(c, 404, 'not_found', 'There is no such branch, or it is no longer listed.');

  app.get(
    '/staff/api/branches',
    authed(async (c) => {
      const copy = await catalog.ready();
      if (!copy)
        return errorResponse(c, 503, 'not_ready', 'Branches are still loading. Try again in a moment.');
      return c.json({ branches: copy.branches } satisfies BranchesResponse);
    }),
  );

  app.get(
    '/staff/api/diary',
    authed(async (c) => {
      const query = StaffDiaryQuery.safeParse(c.req.query());
      if (!query.success) return invalidRequest(c, query.error, 'query');
      const { branchId, from, days } = query.data;
      const branch = branchOf(c, branchId);
      if (branch instanceof Response) return branch;
      const today = todayIn(branch.timeZone, now());
      if (from < addIsoDays(today, -MAX_DAYS_AWAY) || from > addIsoDays(today, MAX_DAYS_AWAY)) {
        return errorResponse(c, 422, 'invalid_request', `from must be within a year of ${today}`, {
          fields: { from: `must be within a year of ${today}` },
        });
      }
      const viewings = await desk.diary(branch, from, days);
      return c.json({ branch, from, days, viewings } satisfies StaffDiaryResponse);
    }),
  );

  app.get(
    '/staff/api/staff',
    authed(async (c) => {
      const query = StaffBranchQuery.safeParse(c.req.query());
      if (!query.success) return invalidRequest(c, query.error, 'query');
      const branch = branchOf(c, query.data.branchId);
      if (branch instanceof Response) return branch;
      return c.json({ staff: await desk.staff(branch) } satisfies StaffListResponse);
    }),
  );

  app.get(
    '/staff/api/waitlist',
    authed(async (c) => {
      const query = StaffBranchQuery.safeParse(c.req.query());
      if (!query.success) return invalidRequest(c, query.error, 'query');
      const branch = branchOf(c, query.data.branchId);
      if (branch instanceof Response) return branch;
      const places = (await waitlist?.forBranch(branch.id)) ?? [];
      const at = (iso: string) => inZone(iso, branch.timeZone);
      return c.json({
        places: await Promise.all(
          places.map(async (place) => {
            const property = catalog.property(place.propertyId);
            return {
              reference: place.reference,
              property: {
                id: place.propertyId,
                title: property?.title ?? place.propertyId,
                address: property?.address ?? '',
              },
              guest: place.guest,
              days: place.days,
              status: place.status,
              joinedAt: at(place.createdAt),
              ...(place.offer && place.status === 'offered'
                ? {
                    offer: {
                      start: at(place.offer.start),
                      end: at(place.offer.end),
                      heldUntil: at(place.offer.heldUntil),
                    },
                  }
                : {}),
              url: await (waitlist as Waitlist).url(place),
            };
          }),
        ),
      } satisfies StaffWaitlistResponse);
    }),
  );
}

/** Staff's changes to one viewing, named by its reference; each answers with the viewing as it now is. */
function viewingRoutes(app: Hono, { desk }: StaffRoutesOptions, { authed, limit }: StaffKit): void {
  const reference = (c: Context) => c.req.param('reference') ?? '';
  const answer = (c: Context, result: StaffOutcome) =>
    result.ok
      ? c.json({ viewing: result.viewing } satisfies StaffViewingResponse)
      : refusalAnswer(c, result, STAFF_STATUS);

  app.post(
    '/staff/api/viewings/:reference/cancel',
    limit,
    authed(
      withBody(CancelRequest, 'cancellation', async (c, body, member) =>
        answer(c, await desk.cancel(reference(c), body.reason, member)),
      ),
    ),
  );

  app.post(
    '/staff/api/viewings/:reference/uncancel',
    limit,
    authed(async (c, member) => answer(c, await desk.uncancel(reference(c), member))),
  );

  app.post(
    '/staff/api/viewings/:reference/reschedule',
    limit,
    authed(
      withBody(RescheduleRequest, 'new time', async (c, body, member) =>
        answer(c, await desk.reschedule(reference(c), body.slotId, member)),
      ),
    ),
  );

  app.post(
    '/staff/api/viewings/:reference/approval',
    limit,
    authed(
      withBody(StaffApprovalDecision, 'owner’s answer', async (c, body, member) =>
        answer(c, await desk.decide(reference(c), body, member)),
      ),
    ),
  );

  app.post(
    '/staff/api/viewings/:reference/message',
    limit,
    authed(
      withBody(StaffMessage, 'message', async (c, body, member) =>
        answer(c, await desk.message(reference(c), body, member)),
      ),
    ),
  );
}

/**
 * The staff diary: `GET /staff` (the page), `POST|GET|DELETE /staff/session`, and the API under `/staff/api`.
 * Mounted only when staff keys are configured; without them every staff path is a plain 404.
 */
export function staffRoutes(app: Hono, options: StaffRoutesOptions): void {
  const only = staffOnly(options.publicUrl);
  app.use('/staff', only);
  app.use('/staff/*', only);
  const kit: StaffKit = { authed: signedIn(options.gate), limit: limitBody(options.maxBodyBytes) };

  pageRoutes(app, options);
  sessionRoutes(app, options, kit);
  diaryRoutes(app, options, kit);
  viewingRoutes(app, options, kit);

  // Anything else under /staff is unknown, but only a signed-in member of staff learns even that.
  app.all(
    '/staff/*',
    kit.authed(async (c) =>
      errorResponse(c, 404, 'not_found', `There is no ${c.req.method} ${new URL(c.req.url).pathname} here.`),
    ),
  );
}
