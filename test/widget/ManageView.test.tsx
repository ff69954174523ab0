// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ManagedViewing } from '../../src/contract/index.ts';
import { enGB } from '../../widget/i18n/en-GB.ts';
import { createManageApi } from '../../widget/manage/api.ts';
import { manageEnGB } from '../../widget/manage/i18n/en-GB.ts';
import { createManageModel, type ManageEvent } from '../../widget/manage/model.ts';
import { ManageView } from '../../widget/manage/ManageView.tsx';
import {
  booking,
  branches,
  fakeProxy,
  NOW,
  properties,
  type Call,
  type FakeProxyOptions,
} from './fixtures.tsx';

afterEach(cleanup);

/** What is on screen; the same words in the live region, for screen readers, are not counted twice. */
const VISIBLE = { ignore: '.sr, script, style' };

const TOKEN = 'tok-ada';
const path = (action = '') => `/v1/bookings/${TOKEN}${action}`;

/** Ada's viewing on Friday at 14:00, as the proxy describes it to her link. */
function viewing(changes: Partial<ManagedViewing> = {}): ManagedViewing {
  return {
    booking: {
      ...booking,
      start: '2026-07-03T14:00:00+01:00',
      end: '2026-07-03T14:30:00+01:00',
      calendar: {
        ics: `http://proxy.test/api/v1/bookings/${TOKEN}/calendar.ics`,
        google: 'https://calendar.google.com/calendar/render?action=TEMPLATE',
        outlook: 'https://outlook.live.com/calendar/0/action/compose',
      },
      manageUrl: `http://proxy.test/api/manage/${TOKEN}`,
    },
    property: properties[0]!,
    branch: branches[0]!,
    phase: 'changeable',
    changeableUntil: '2026-07-03T12:00:00+01:00',
    consent: { marketing: false, wording: enGB.marketing, at: '2026-07-01T09:00:00+01:00' },
    feedbackGiven: false,
    ...changes,
  };
}

const ok = (v: ManagedViewing) => ({ status: 200, body: v });
const fail = (status: number, code: string, extra = {}) => ({
  status,
  body: { error: { code, message: `proxy says ${code}`, ...extra } },
});

type Reply = { status: number; body: unknown };

/** The manage view on a fake proxy: `replies` answer each manage route in turn (the last one repeats). */
function setup(first: ManagedViewing, replies: Record<string, Reply[]> = {}, proxy: FakeProxyOptions = {}) {
  const queues: Record<string, Reply[]> = { [path()]: [ok(first)], ...replies };
  const routes: Record<string, (call: Call) => Reply> = {};
  for (const [route, queue] of Object.entries(queues)) {
    routes[route] = () => (queue.length > 1 ? queue.shift()! : queue[0]!);
  }
  const fake = fakeProxy({ ...proxy, routes: { ...routes, ...proxy.routes } });
  const events: ManageEvent[] = [];
  const model = createManageModel({
    api: createManageApi('http://proxy.test/api/', TOKEN, fake.fetch),
    t: enGB,
    m: manageEnGB,
    locale: 'en-GB',
    now: () => NOW,
    onEvent: (e) => events.push(e),
  });
  render(<ManageView model={model} />);
  void model.load();
  return { model, proxy: fake, events };
}

describe('manage view', () => {
  it('shows a changeable viewing: when, where, until when it can change, and calendar links', async () => {
    setup(viewing());
    expect(await screen.findByText('VW-7K2Q9')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Your viewing' })).toBeTruthy();
    for (const text of ['Friday 3 July 2026', '14:00 to 14:30', 'Two-bed flat, Abingdon Road']) {
      expect(screen.getByText(text)).toBeTruthy();
    }
    expect(screen.getByText('You can move or cancel it here until Friday 3 July 2026, 12:00.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Calendar file' }).getAttribute('href')).toBe(
      `http://proxy.test/api/v1/bookings/${TOKEN}/calendar.ics`,
    );
    expect(screen.getByRole('link', { name: 'Google' }).getAttribute('target')).toBe('_blank');
    expect(screen.getByRole('button', { name: 'Choose another time' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cancel viewing' })).toBeTruthy();
  });

  it('inside the notice period, explains why and gives the branch phone to call', async () => {
    setup(viewing({ phase: 'locked' }));
    expect(await screen.findByText(/too soon to change here/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Call 020 7946 0001' }).getAttribute('href')).toBe(
      'tel:02079460001',
    );
    expect(screen.queryByRole('button', { name: 'Choose another time' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cancel viewing' })).toBeNull();
  });

  it('a cancelled viewing says so and offers the calendar file that takes it out of a calendar', async () => {
    const v = viewing({ phase: 'cancelled' });
    setup({ ...v, booking: { ...v.booking, status: 'cancelled' } });
    expect(await screen.findByRole('heading', { name: 'Viewing cancelled' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Remove from calendar' }).getAttribute('href')).toMatch(
      /calendar\.ics$/,
    );
    expect(screen.queryByRole('button', { name: 'Cancel viewing' })).toBeNull();
  });

  it('a viewing still waiting for the branch can be cancelled but not moved', async () => {
    const v = viewing();
    setup({ ...v, booking: { ...v.booking, status: 'requested' } });
    expect(await screen.findByText(/has not confirmed this viewing yet/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Choose another time' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Cancel viewing' })).toBeTruthy();
  });

  it('a viewing waiting for its owner’s answer says by when the visitor will hear, and can be cancelled but not moved', async () => {
    const v = viewing();
    const approval = { status: 'pending', answerBy: '2026-06-30T18:00:00+01:00' } as const;
    setup({ ...v, booking: { ...v.booking, status: 'requested', approval } });
    expect(
      await screen.findByText(
        'The owner of this home agrees each viewing first. We have asked them, and will email you their answer by Tuesday 30 June 2026, 18:00. You can still cancel it.',
      ),
    ).toBeTruthy();
    expect(screen.queryByText(/has not confirmed this viewing yet/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Choose another time' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Cancel viewing' })).toBeTruthy();
  });

  it('a viewing the owner declined says so rather than that it was cancelled', async () => {
    const v = viewing({ phase: 'cancelled' });
    const approval = { status: 'declined', answerBy: '2026-06-30T18:00:00+01:00' } as const;
    setup({ ...v, booking: { ...v.booking, status: 'cancelled', approval } });
    expect(await screen.findByText(/could not agree to this viewing/)).toBeTruthy();
    expect(screen.queryByText(/This viewing has been cancelled/)).toBeNull();
  });

  it('an altered link says it does not work', async () => {
    setup(viewing(), { [path()]: [fail(404, 'invalid_token')] });
    expect(await screen.findByText(/This link does not work/, VISIBLE)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('moves the viewing to a time picked from the week, shows the new one, and tells the page (viewing:rescheduled)', async () => {
    const moved = viewing();
    moved.booking = {
      ...moved.booking,
      start: '2026-07-01T10:00:00+01:00',
      end: '2026-07-01T10:30:00+01:00',
    };
    const { proxy, events } = setup(viewing(), { [path('/reschedule')]: [ok(moved)] });
    fireEvent.click(await screen.findByRole('button', { name: 'Choose another time' }));
    expect(await screen.findByRole('heading', { name: 'Choose another time' })).toBeTruthy();
    expect(screen.getByText('Your viewing is on Friday 3 July 2026, 14:00 to 14:30.')).toBeTruthy();
    // Its own time is not offered as somewhere to move it to.
    fireEvent.click(await screen.findByRole('button', { name: 'Friday 3 July 2026, no times free' }));
    fireEvent.click(screen.getByRole('button', { name: 'Wednesday 1 July 2026, 2 times free' }));
    fireEvent.click(screen.getByRole('button', { name: 'Wednesday 1 July 2026, 10:00 to 10:30' }));
    fireEvent.click(
      screen.getByRole('button', { name: 'Move my viewing to Wednesday 1 July 2026, 10:00 to 10:30' }),
    );

    expect(await screen.findByRole('heading', { name: 'Your viewing' })).toBeTruthy();
    expect(
      screen.getByText('Done: your viewing has moved to Wednesday 1 July 2026, 10:00 to 10:30.', VISIBLE),
    ).toBeTruthy();
    expect(screen.getByText('Wednesday 1 July 2026')).toBeTruthy();
    expect(screen.getByText('10:00 to 10:30')).toBeTruthy();
    const [sent] = proxy.requests('/reschedule');
    expect(sent?.body).toEqual({ slotId: 's-wed-1000' });
    expect(sent?.headers.get('Idempotency-Key')).toMatch(/^[\da-f-]{36}$/);
    expect(events.filter((e) => e.type === 'rescheduled')).toEqual([
      {
        type: 'rescheduled',
        reference: moved.booking.reference,
        propertyId: moved.booking.propertyId,
        start: '2026-07-01T10:00:00+01:00',
      },
    ]);
  });

  it('a time taken meanwhile offers the next free ones and leaves the viewing where it was', async () => {
    const taken = fail(409, 'slot_taken', {
      alternatives: [{ id: 's-later', start: '2026-07-06T11:00:00+01:00', end: '2026-07-06T11:30:00+01:00' }],
    });
    const { proxy } = setup(viewing(), { [path('/reschedule')]: [taken] });
    fireEvent.click(await screen.findByRole('button', { name: 'Choose another time' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 10:00 to 10:30' }));
    fireEvent.click(screen.getByRole('button', { name: /^Move my viewing to Wednesday/ }));

    expect(
      await screen.findByText(/That time has just been taken, so your viewing has not moved/, VISIBLE),
    ).toBeTruthy();
    const nearby = await screen.findByRole('grid', { name: 'Free times nearby' });
    expect(within(nearby).getByRole('button', { name: 'Monday 6 July 2026, 11:00 to 11:30' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Move my viewing/ })).toBeNull();
    expect(proxy.requests('/reschedule')).toHaveLength(1);
    // Every week is read past the browser's own copy, which may still offer the taken time.
    await waitFor(() => expect(proxy.requests('/v1/slots').length).toBeGreaterThan(1));
    expect(proxy.requests('/v1/slots').every((call) => call.cache === 'no-cache')).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByText('Friday 3 July 2026')).toBeTruthy();
    expect(screen.getByText('14:00 to 14:30')).toBeTruthy();
  });

  it('asks before cancelling, sends the reason, and then shows the viewing cancelled', async () => {
    const v = viewing({ phase: 'cancelled' });
    const { proxy, events } = setup(viewing(), {
      [path('/cancel')]: [ok({ ...v, booking: { ...v.booking, status: 'cancelled' } })],
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel viewing' }));
    expect(await screen.findByRole('heading', { name: 'Cancel your viewing' })).toBeTruthy();
    expect(proxy.requests('/cancel')).toHaveLength(0);
    fireEvent.input(screen.getByLabelText('Reason (optional)'), {
      target: { value: 'Found a flat nearer work' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Yes, cancel the viewing' }));

    expect(await screen.findByRole('heading', { name: 'Viewing cancelled' })).toBeTruthy();
    expect(screen.getByText('Your viewing is cancelled.', VISIBLE)).toBeTruthy();
    expect(proxy.requests('/cancel').map((c) => c.body)).toEqual([{ reason: 'Found a flat nearer work' }]);
    expect(events).toEqual([{ type: 'ready' }, { type: 'cancelled', reference: 'VW-7K2Q9' }]);
  });

  it('keeping the viewing at the question sends nothing', async () => {
    const { proxy } = setup(viewing());
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel viewing' }));
    fireEvent.click(await screen.findByRole('button', { name: 'No, keep it' }));
    expect(await screen.findByRole('heading', { name: 'Your viewing' })).toBeTruthy();
    expect(proxy.requests('/cancel')).toHaveLength(0);
  });

  it('a failed cancellation keeps the typed reason, and trying again sends it', async () => {
    const v = viewing({ phase: 'cancelled' });
    const { proxy } = setup(viewing(), {
      [path('/cancel')]: [
        fail(503, 'upstream_unavailable'),
        ok({ ...v, booking: { ...v.booking, status: 'cancelled' } }),
      ],
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel viewing' }));
    fireEvent.input(await screen.findByLabelText('Reason (optional)'), { target: { value: 'Ill that day' } });
    fireEvent.click(screen.getByRole('button', { name: 'Yes, cancel the viewing' }));

    expect(await screen.findByText(/The booking system is not answering right now/, VISIBLE)).toBeTruthy();
    expect((screen.getByLabelText('Reason (optional)') as HTMLTextAreaElement).value).toBe('Ill that day');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Viewing cancelled' })).toBeTruthy();
    expect(proxy.requests('/cancel').map((c) => c.body)).toEqual([
      { reason: 'Ill that day' },
      { reason: 'Ill that day' },
    ]);
  });

  it('a change refused inside the notice period shows the viewing locked, with the phone to call', async () => {
    setup(viewing(), {
      [path()]: [ok(viewing()), ok(viewing({ phase: 'locked' }))],
      [path('/cancel')]: [fail(409, 'change_window_closed')],
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel viewing' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, cancel the viewing' }));
    expect(await screen.findByRole('link', { name: 'Call 020 7946 0001' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Your viewing' })).toBeTruthy();
  });

  it('after the viewing, takes feedback once and thanks the visitor', async () => {
    const after = viewing({ phase: 'feedback' });
    const { proxy } = setup(after, { [path('/feedback')]: [ok({ ...after, feedbackGiven: true })] });
    expect(await screen.findByRole('heading', { name: 'After your viewing' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Please answer both questions.')).toBeTruthy();
    expect(proxy.requests('/feedback')).toHaveLength(0);

    const experience = screen.getByRole('group', { name: 'How was the viewing?' });
    fireEvent.click(within(experience).getByLabelText('Good'));
    const interest = screen.getByRole('group', { name: 'Are you interested in this home?' });
    fireEvent.click(within(interest).getByLabelText('Not sure yet'));
    fireEvent.input(screen.getByLabelText(/Anything else/), {
      target: { value: 'Lovely light, small kitchen' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));

    expect(await screen.findByText('Thank you for telling us how it went.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
    expect(proxy.requests('/feedback').map((c) => c.body)).toEqual([
      { experience: 'good', interest: 'undecided', comments: 'Lovely light, small kitchen' },
    ]);
  });

  it('feedback already given says thank you instead of asking again', async () => {
    setup(viewing({ phase: 'feedback', feedbackGiven: true }));
    expect(await screen.findByText('Thank you for telling us how it went.')).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'How was the viewing?' })).toBeNull();
  });

  it('the marketing choice changes with the words shown, once the proxy has recorded it', async () => {
    const v = viewing();
    const { proxy } = setup(v, {
      [path('/consent')]: [ok({ ...v, consent: { ...v.consent, marketing: true } })],
    });
    const box = (await screen.findByRole('checkbox', { name: /Send me news/ })) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    expect(await screen.findByText('Your choice is saved.', VISIBLE)).toBeTruthy();
    await waitFor(() => expect(box.checked).toBe(true));
    expect(proxy.requests('/consent').map((c) => c.body)).toEqual([
      { consent: { marketing: true, wording: enGB.marketing } },
    ]);
  });
});
