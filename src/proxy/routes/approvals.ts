import type { Context, Hono } from 'hono';
import { OwnerDecision } from '../../contract/index.ts';
import type { Spend } from '../allowance.ts';
import type { ManageResult, ManageService } from '../manage/service.ts';
import { escape, nonce, page, signedLinkHeaders } from '../manage-page.ts';
import { ownerPage } from '../owner-page.ts';
import { limitBody, withBody } from './body.ts';
import { answeringTrouble, refusalAnswer, statusOf } from './errors.ts';

export interface ApprovalRoutesOptions {
  service: ManageService;
  /** The caller's share of the upstream budget: the owner's page reads the home's free times. */
  spendFor?: (c: Context) => Spend;
  maxBodyBytes: number;
}

const TROUBLE = {
  locked: 'Another change to this viewing is under way. Please try again in a moment.',
  unreachable:
    'The agency’s booking system is not answering right now, so nothing has changed. Please try again in a minute.',
};

/**
 * The owner's link, for a home whose owner agrees each viewing: `GET|POST /v1/approvals/:token` for the agency's
 * own tools (JSON), and `GET|POST /approve/:token`, the page the link opens, a plain form that works without
 * script. A decision answers with the viewing as the owner now sees it; the page answers a form with a redirect
 * to itself, so reloading it never decides twice.
 */
export function approvalRoutes(app: Hono, { service, spendFor, maxBodyBytes }: ApprovalRoutesOptions): void {
  const limit = limitBody(maxBodyBytes);
  const spend = (c: Context) => (spendFor ? { spend: spendFor(c) } : {});
  const token = (c: Context) => c.req.param('token') ?? '';
  const view = async (c: Context, result: ManageResult) => {
    signedLinkHeaders(c);
    if (!result.ok) return refusalAnswer(c, result);
    return c.json(await service.ownerView(result.record, spend(c).spend), 200);
  };
  const guarded = (c: Context, work: () => Promise<Response>) => answeringTrouble(c, TROUBLE, work);

  app.get('/v1/approvals/:token', (c) =>
    guarded(c, async () => view(c, await service.openForOwner(token(c)))),
  );
  app.post(
    '/v1/approvals/:token',
    limit,
    withBody(OwnerDecision, 'owner’s answer', (c, body) =>
      guarded(c, async () => {
        const opened = await service.openForOwner(token(c));
        return view(c, opened.ok ? await service.decide(opened.record.id, body) : opened);
      }),
    ),
  );

  const html = async (c: Context, problem?: { message: string; status: number }) => {
    const n = nonce();
    signedLinkHeaders(c, n);
    const opened = await service.openForOwner(token(c));
    if (!opened.ok) {
      const body = `<h1>Viewing request</h1><p>${escape(opened.error.message)}</p>`;
      return c.html(page({ lang: 'en-GB', title: 'Viewing request', nonce: n, body }), statusOf(opened));
    }
    const v = await service.ownerView(opened.record, spend(c).spend);
    return c.html(
      ownerPage(v, { nonce: n, ...(problem ? { problem: problem.message } : {}) }),
      (problem?.status ?? 200) as 200,
    );
  };
  app.get('/approve/:token', (c) => guarded(c, () => html(c)));
  app.post('/approve/:token', limit, (c) =>
    guarded(c, async () => {
      const form = await c.req.parseBody().catch(() => ({}));
      const parsed = OwnerDecision.safeParse(form);
      if (!parsed.success) {
        return html(c, { message: 'Pick a time before suggesting it.', status: 422 });
      }
      const opened = await service.openForOwner(token(c));
      if (!opened.ok) return html(c);
      const result = await service.decide(opened.record.id, parsed.data);
      if (!result.ok) return html(c, { message: result.error.message, status: statusOf(result) });
      return c.redirect(new URL(c.req.url).pathname, 303);
    }),
  );
}
