import type { Context, Hono } from 'hono';
import { formatInTimeZone } from 'date-fns-tz';
import {
  WaitlistRequest,
  type BookingResponse,
  type Property,
  type WaitlistPlace,
  type WaitlistResponse,
} from '../../contract/index.ts';
import { unmetered, type Spend } from '../allowance.ts';
import { errorResponse, invalidRequest } from '../errors.ts';
import { escape, nonce, page, signedLinkHeaders } from '../manage-page.ts';
import type { Place, PlaceResult, Waitlist } from '../waitlist.ts';
import type { RouteContext } from './context.ts';
import { answeringTrouble, refusalAnswer, statusOf } from './errors.ts';
import { limitBody } from './body.ts';

export interface WaitlistRoutesOptions {
  context: RouteContext;
  /** Undefined when the agency has no waiting list: every waiting-list path answers 404. */
  waitlist: Waitlist | undefined;
  /** The anti-bot and per-address checks a booking passes: joining a list passes them too. */
  guard: (
    c: Context,
    sound: {
      form: { formToken?: string | undefined; website?: string | undefined };
      request: { guest: { email: string } };
      property: Property;
    },
  ) => Promise<Response | undefined>;
  spendFor?: (c: Context) => Spend;
  maxBodyBytes: number;
}

const TROUBLE = {
  locked: 'Another change to this place is under way. Please try again in a moment.',
  unreachable:
    'The agency’s booking system is not answering right now, so nothing was booked. Please try again in a minute.',
};

const noList = (c: Context) => errorResponse(c, 404, 'not_found', 'This agency keeps no waiting list.');

/** The visitor's page for their place: where it stands, and a held time to book or the list to leave. */
function placePage(
  v: WaitlistPlace,
  home: { address: string; timeZone: string },
  n: string,
  problem?: string,
): string {
  const { address, timeZone } = home;
  const when = (at: string) => formatInTimeZone(new Date(at), timeZone, "EEEE d MMMM 'at' HH:mm");
  const status: Record<WaitlistPlace['status'], string> = {
    waiting:
      `You are on the waiting list${v.ahead ? `, with ${v.ahead} ${v.ahead === 1 ? 'person' : 'people'} ahead of you` : ''}. ` +
      `When a time on a day that suits you frees up, it is held for you and you are sent a link to book it.`,
    offered: v.offer
      ? `A time has freed up and is held for you: ${when(v.offer.slot.start)}. It is yours if you book it by ${when(v.offer.heldUntil)}.`
      : '',
    booked: `You booked the time that freed up${v.bookingReference ? ` (reference ${v.bookingReference})` : ''}.`,
    lapsed: 'A time was held for you but not booked in time, so it was offered to the next person.',
    left: 'You have left the waiting list.',
    closed: 'This waiting list has closed.',
  };
  const actions =
    v.status === 'offered'
      ? '<form method="post"><button class="yes" name="action" value="book">Book this time</button>' +
        '<button name="action" value="leave">Leave the waiting list</button></form>'
      : v.status === 'waiting'
        ? '<form method="post"><button name="action" value="leave">Leave the waiting list</button></form>'
        : '';
  return page({
    lang: 'en-GB',
    title: `Waiting list – ${address}`,
    nonce: n,
    style:
      'button{font:inherit;min-height:44px;padding:8px 16px;margin:4px 8px 4px 0;border-radius:8px;' +
      'border:1px solid #0f766e;background:#fff;color:#0f766e;cursor:pointer}button.yes{background:#0f766e;color:#fff}' +
      '.alert{border-left:4px solid #b91c1c;padding:8px 12px;background:#fff}',
    body:
      `<h1>Waiting list: ${escape(address)}</h1>` +
      (problem ? `<p class="alert" role="alert">${escape(problem)}</p>` : '') +
      `<p role="status">${escape(status[v.status])}</p>` +
      `<p>Your reference is ${escape(v.reference)}.</p>` +
      actions,
  });
}

/**
 * The waiting list: `POST /v1/waitlist` joins it (checked like a booking: form token, hidden field, per-address
 * and per-recipient limits); `GET /v1/waitlist/:token`, `POST …/leave` and `POST …/book` are the visitor's own,
 * named by their link; `GET|POST /waitlist/:token` is the page that link opens, a plain form.
 */
export function waitlistRoutes(app: Hono, options: WaitlistRoutesOptions): void {
  const { context, waitlist, guard, spendFor, maxBodyBytes } = options;
  const limit = limitBody(maxBodyBytes);
  const token = (c: Context) => c.req.param('token') ?? '';
  const spend = (c: Context) => spendFor?.(c);
  const opened = async (c: Context, use: (list: Waitlist, place: Place) => Promise<Response>) => {
    if (!waitlist) return noList(c);
    signedLinkHeaders(c);
    return answeringTrouble(c, TROUBLE, async () => {
      const found = await waitlist.open(token(c));
      return found.ok ? use(waitlist, found.place) : refusalAnswer(c, found);
    });
  };
  const placeAnswer = async (c: Context, list: Waitlist, result: PlaceResult, status: 200 | 201 = 200) =>
    result.ok
      ? c.json({ waitlist: await list.view(result.place) } satisfies WaitlistResponse, status)
      : refusalAnswer(c, result);

  app.post('/v1/waitlist', limit, (c) =>
    context.withCatalog(c, async () => {
      if (!waitlist) return noList(c);
      const base = context.baseUrl(c);
      if (!base) return context.misdirected(c);
      let json: unknown;
      try {
        json = await c.req.json();
      } catch {
        return errorResponse(c, 422, 'invalid_request', 'The body must be JSON.', {
          fields: { '(body)': 'must be JSON' },
        });
      }
      const parsed = WaitlistRequest.safeParse(json);
      if (!parsed.success) return invalidRequest(c, parsed.error, 'waiting-list request');
      const { formToken, website, ...request } = parsed.data;
      const property = context.catalog.property(request.propertyId);
      const branch = property && context.catalog.branch(property.branchId);
      if (!property || !branch) {
        return errorResponse(c, 422, 'invalid_request', 'That property is not advertised any more.', {
          fields: { propertyId: 'is not an advertised property' },
        });
      }
      const refused = await guard(c, { form: { formToken, website }, request, property });
      if (refused) return refused;
      signedLinkHeaders(c);
      const place = await waitlist.join(request, property, branch, base, spend(c) ?? unmetered);
      return placeAnswer(c, waitlist, { ok: true, place }, 201);
    }),
  );

  app.get('/v1/waitlist/:token', (c) =>
    opened(c, (list, place) => placeAnswer(c, list, { ok: true, place })),
  );
  app.post('/v1/waitlist/:token/leave', limit, (c) =>
    opened(c, async (list, place) => placeAnswer(c, list, await list.leave(place))),
  );
  app.post('/v1/waitlist/:token/book', limit, (c) =>
    opened(c, async (list, place) => {
      const booked = await list.book(place, place.linkBase, spend(c));
      if (!booked.ok) return refusalAnswer(c, booked);
      return c.json({ booking: booked.booking } satisfies BookingResponse, 201);
    }),
  );

  const html = async (c: Context, problem?: { message: string; status: number }) => {
    const n = nonce();
    signedLinkHeaders(c, n);
    if (!waitlist)
      return c.html(
        page({
          lang: 'en-GB',
          title: 'Waiting list',
          nonce: n,
          body: '<h1>Waiting list</h1><p>This agency keeps no waiting list.</p>',
        }),
        404,
      );
    const found = await waitlist.open(token(c));
    if (!found.ok) {
      const body = `<h1>Waiting list</h1><p>${escape(found.error.message)}</p>`;
      return c.html(page({ lang: 'en-GB', title: 'Waiting list', nonce: n, body }), statusOf(found));
    }
    const property = context.catalog.property(found.place.propertyId);
    const home = {
      address: property?.address ?? 'the home',
      timeZone: (property && context.catalog.branch(property.branchId)?.timeZone) ?? 'Europe/London',
    };
    return c.html(
      placePage(await waitlist.view(found.place), home, n, problem?.message),
      (problem?.status ?? 200) as 200,
    );
  };
  app.get('/waitlist/:token', (c) => html(c));
  app.post('/waitlist/:token', limit, async (c) => {
    if (!waitlist) return html(c);
    return answeringTrouble(c, TROUBLE, async () => {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const found = await waitlist.open(token(c));
      if (!found.ok) return html(c);
      if (form.action === 'leave') {
        await waitlist.leave(found.place);
      } else if (form.action === 'book') {
        const booked = await waitlist.book(found.place, found.place.linkBase, spend(c));
        if (!booked.ok) return html(c, { message: booked.error.message, status: statusOf(booked) });
        // Their viewing now: the manage link shows it, with the calendar and the way to change it.
        if (booked.booking.manageUrl) return c.redirect(booked.booking.manageUrl, 303);
      }
      return c.redirect(new URL(c.req.url).pathname, 303);
    });
  });
}
