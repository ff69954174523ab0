import type { BookingSource, Slot, StaffViewing } from '../../src/contract/index.ts';
import { dayKeyIn, formatDay, formatTime, zoneName } from '../format.ts';
import { enGB as t } from '../i18n/en-GB.ts';
import { Grid } from '../steps/Grid.tsx';
import { SummaryRow } from '../steps/SummaryRow.tsx';
import type { StaffModel } from './model.ts';

const LOCALE = 'en-GB';

const range = (m: StaffModel, v: { start: string; end: string }) =>
  t.timeRange(formatTime(v.start, LOCALE, m.zone()), formatTime(v.end, LOCALE, m.zone()));

/** "Wednesday 25 November 2026, 10:30 to 11:00": how every time is read out. */
const fullTime = (m: StaffModel, v: { start: string; end: string }) =>
  t.slotLabel(formatDay(dayKeyIn(v.start, m.zone()), LOCALE, t), range(m, v));

const home = (v: StaffViewing) =>
  v.property
    ? `${v.property.title}, ${v.property.address}`
    : (v.subject ?? 'A home not listed on the website');

/** Form values are read at submit: nothing typed lives in the model until it is sent. */
const field = (form: HTMLFormElement, name: string) => {
  const el = form.elements.namedItem(name);
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el.value : '';
};

function SignIn({ model }: { model: StaffModel }) {
  const onSubmit = (e: Event) => {
    e.preventDefault();
    if (e.currentTarget instanceof HTMLFormElement) void model.signIn(field(e.currentTarget, 'key'));
  };
  const error = model.error.value;
  return (
    <form class="form" onSubmit={onSubmit} noValidate>
      <h2 tabIndex={-1}>Sign in</h2>
      <p class="muted">Use the staff key you were given for the viewing diary.</p>
      <div class="field">
        <label for="key">Staff key</label>
        <input
          id="key"
          name="key"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'key-error' : undefined}
        />
        {error && (
          <p id="key-error" class="field-error">
            {error.message}
          </p>
        )}
      </div>
      <button type="submit" class="primary" aria-disabled={model.busy.value === 'sign-in'}>
        Sign in
      </button>
    </form>
  );
}

function MoveTimes({ model, viewing }: { model: StaffModel; viewing: StaffViewing }) {
  const times: Slot[] = model.times.value ?? [];
  const picked = model.picked.value;
  const id = `times-${viewing.reference}`;
  if (times.length === 0) return <p>There are no free times for this home in the next week.</p>;
  const active = Math.max(
    times.findIndex((s) => s.id === picked?.id),
    0,
  );
  return (
    <div class="group">
      <h4 id={id}>Free times</h4>
      <Grid
        key={times[0]?.id}
        labelledby={id}
        class="times wide move"
        count={times.length}
        cols={1}
        active={active}
        cell={(i, tabIndex) => {
          const slot = times[i];
          return (
            slot && (
              <button
                type="button"
                class="time"
                tabIndex={tabIndex}
                aria-pressed={picked?.id === slot.id}
                onClick={() => model.pick(slot)}
              >
                {fullTime(model, slot)}
              </button>
            )
          );
        }}
      />
      {picked && (
        <button
          type="button"
          class="primary"
          aria-disabled={model.busy.value !== null}
          onClick={() => void model.reschedule(viewing.reference)}
        >
          Move to {fullTime(model, picked)}
        </button>
      )}
    </div>
  );
}

const OWNER_ANSWERS = {
  approved: 'The owner agreed',
  declined: 'The owner declined',
  expired: 'The owner did not answer in time',
} as const;

/** Where the owner's answer stands, for a home whose owner agrees each viewing. */
function ownerAnswer(
  model: StaffModel,
  approval: NonNullable<StaffViewing['booked']>['approval'] & {},
): string {
  return approval.status === 'pending'
    ? `Waiting for the owner’s answer, due by ${t.slotLabel(
        formatDay(dayKeyIn(approval.answerBy, model.zone()), LOCALE, t),
        formatTime(approval.answerBy, LOCALE, model.zone()),
      )}`
    : OWNER_ANSWERS[approval.status];
}

function Actions({ model, viewing }: { model: StaffModel; viewing: StaffViewing }) {
  const { actions, reference } = viewing;
  const busy = model.busy.value !== null;
  const none =
    !actions.cancel && !actions.uncancel && !actions.reschedule && !actions.message && !actions.approval;
  const ownerUrl = viewing.booked?.approval?.url;
  const onCancel = (e: Event) => {
    e.preventDefault();
    if (e.currentTarget instanceof HTMLFormElement)
      void model.cancel(reference, field(e.currentTarget, 'reason'));
  };
  const onMessage = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget;
    if (!(form instanceof HTMLFormElement)) return;
    void model.message(reference, field(form, 'subject'), field(form, 'body')).then((sent) => {
      if (sent) form.reset();
    });
  };
  const ids = (name: string) => `${name}-${reference}`;
  return (
    <div class="actions">
      {none && <p class="muted">This viewing cannot be changed here. Change it in the agency’s own diary.</p>}
      {actions.approval && (
        <section class="group" aria-labelledby={ids('owner')}>
          <h3 id={ids('owner')}>The owner’s answer</h3>
          <p class="muted">
            The owner agrees each viewing of this home. If they told the branch, give their answer here; the
            viewer is told at once.
            {ownerUrl && (
              <>
                {' '}
                Their own link: <a href={ownerUrl}>answer as the owner</a>.
              </>
            )}
          </p>
          <button
            type="button"
            class="primary"
            aria-disabled={busy}
            onClick={() => void model.decide(reference, 'approve')}
          >
            The owner agrees
          </button>
          <button
            type="button"
            class="danger"
            aria-disabled={busy}
            onClick={() => void model.decide(reference, 'decline')}
          >
            The owner declines
          </button>
        </section>
      )}
      {actions.uncancel && (
        <button
          type="button"
          class="primary"
          aria-disabled={busy}
          onClick={() => void model.uncancel(reference)}
        >
          Reinstate viewing
        </button>
      )}
      {actions.reschedule && (
        <section class="group" aria-labelledby={ids('move')}>
          <h3 id={ids('move')}>Move to another time</h3>
          {model.times.value === null ? (
            <button
              type="button"
              class="secondary"
              aria-disabled={busy}
              onClick={() => void model.loadTimes(viewing)}
            >
              Show free times
            </button>
          ) : (
            <MoveTimes model={model} viewing={viewing} />
          )}
        </section>
      )}
      {actions.message && (
        <form class="form group" aria-labelledby={ids('message')} onSubmit={onMessage}>
          <h3 id={ids('message')}>Message the viewer</h3>
          <div class="field">
            <label for={ids('subject')}>Subject</label>
            <input id={ids('subject')} name="subject" required maxLength={200} />
          </div>
          <div class="field">
            <label for={ids('body')}>Message</label>
            <textarea id={ids('body')} name="body" rows={4} required maxLength={5000} />
          </div>
          <button type="submit" class="secondary" aria-disabled={busy}>
            Send message
          </button>
        </form>
      )}
      {actions.cancel && (
        <form class="form group" aria-labelledby={ids('cancel')} onSubmit={onCancel}>
          <h3 id={ids('cancel')}>Cancel this viewing</h3>
          <div class="field">
            <label for={ids('reason')}>Reason (optional)</label>
            <p id={ids('reason-hint')} class="muted">
              Kept in the agency’s diary for colleagues. A viewer who booked online is told only that the
              branch cancelled.
            </p>
            <textarea
              id={ids('reason')}
              name="reason"
              rows={2}
              maxLength={400}
              aria-describedby={ids('reason-hint')}
            />
          </div>
          <button type="submit" class="danger" aria-disabled={busy}>
            Cancel viewing
          </button>
        </form>
      )}
    </div>
  );
}

function ViewingItem({ model, viewing }: { model: StaffModel; viewing: StaffViewing }) {
  const isOpen = model.open.value === viewing.reference;
  const panel = `viewing-${viewing.reference}`;
  return (
    <li class={viewing.cancelled ? 'viewing cancelled' : 'viewing'}>
      <div class="row">
        <div class="card-body">
          <p class="time">
            {range(model, viewing)}
            {viewing.cancelled && <span class="tag">Cancelled</span>}
          </p>
          <p>{home(viewing)}</p>
          <p class="muted">{viewing.viewer ? `Viewer: ${viewing.viewer}` : 'Viewer not named'}</p>
        </div>
        <button
          type="button"
          class="secondary"
          aria-expanded={isOpen}
          aria-controls={panel}
          onClick={() => model.toggle(viewing.reference)}
        >
          {isOpen ? 'Close' : 'Open'}
          <span class="sr">
            {' '}
            the viewing at {range(model, viewing)}, {home(viewing)}
          </span>
        </button>
      </div>
      {isOpen && (
        <div id={panel} class="panel">
          <dl class="summary">
            <SummaryRow label="When" lines={[fullTime(model, viewing)]} />
            <SummaryRow label="Home" lines={[home(viewing)]} />
            <SummaryRow label="Viewer" lines={[viewing.viewer ?? 'Not named in the diary']} />
            <SummaryRow label="Negotiator" lines={[viewing.negotiator?.name ?? 'None']} />
            <SummaryRow
              label="Reference"
              lines={[
                viewing.reference,
                viewing.booked
                  ? 'Booked online: the viewer is told of every change'
                  : 'Booked in the agency’s diary',
              ]}
            />
            <SummaryRow
              label="Status"
              lines={[
                viewing.cancelled
                  ? 'Cancelled'
                  : viewing.booked?.status === 'requested'
                    ? 'Requested'
                    : 'Booked',
                viewing.booked?.approval && ownerAnswer(model, viewing.booked.approval),
              ]}
            />
            {viewing.booked?.answers?.length ? (
              <SummaryRow
                label="Answers"
                lines={viewing.booked.answers.map((a) => `${a.question} ${a.answer}`)}
              />
            ) : null}
            {viewing.booked?.source && (
              <SummaryRow label="Came from" lines={cameFrom(viewing.booked.source)} />
            )}
          </dl>
          <Actions model={model} viewing={viewing} />
        </div>
      )}
    </li>
  );
}

/** Where an online viewer came from, as staff read it: the page, the campaign, an advert's click. */
export function cameFrom(source: BookingSource): string[] {
  const campaign = [
    source.utm_source,
    source.utm_medium,
    source.utm_campaign,
    source.utm_term,
    source.utm_content,
  ]
    .filter(Boolean)
    .join(' / ');
  return [
    source.page,
    campaign ? `Campaign: ${campaign}` : undefined,
    source.gclid ? 'A Google Ads click' : undefined,
    source.fbclid ? 'A Meta (Facebook, Instagram) ad click' : undefined,
  ].filter((line): line is string => !!line);
}

function DiaryLoading({ model }: { model: StaffModel }) {
  return model.busy.value === 'diary' ? (
    <p class="loading">
      <span class="spinner" aria-hidden="true" />
      Loading the diary…
    </p>
  ) : null;
}

function Diary({ model }: { model: StaffModel }) {
  const branch = model.branch.value;
  const day = model.day.value;
  const columns = model.byNegotiator.value;
  const any = columns.some((c) => c.viewings.length > 0);
  const onDate = (e: Event) => {
    if (e.currentTarget instanceof HTMLInputElement && e.currentTarget.value)
      model.goTo(e.currentTarget.value);
  };
  const onBranch = (e: Event) => {
    if (e.currentTarget instanceof HTMLSelectElement) model.chooseBranch(e.currentTarget.value);
  };
  return (
    <>
      <div class="signed-in">
        <span>Signed in as {model.name.value}</span>
        <button type="button" class="link" onClick={() => void model.signOut()}>
          Sign out
        </button>
      </div>
      <div class="controls">
        <div class="field">
          <label for="branch">Branch</label>
          <select id="branch" value={branch?.id ?? ''} onChange={onBranch}>
            {model.branches.value.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="day">Day</label>
          <input id="day" type="date" value={day} onChange={onDate} />
        </div>
      </div>
      <div class="week">
        <button type="button" class="secondary" onClick={() => model.shift(-1)}>
          Previous day
        </button>
        <button type="button" class="secondary" onClick={() => model.goTo('today')}>
          Today
        </button>
        <button type="button" class="secondary" onClick={() => model.shift(1)}>
          Next day
        </button>
      </div>
      {day && (
        <h2 tabIndex={-1}>
          {formatDay(day, LOCALE, t)}
          {branch && <span class="muted"> at {branch.name}</span>}
        </h2>
      )}
      {branch && day && (
        <p class="zone">
          {t.zoneNote(zoneName(branch.timeZone, LOCALE, `${day}T12:00:00Z`), branch.timeZone)}
        </p>
      )}
      <DiaryLoading model={model} />
      {model.loaded.value && !any && <p class="empty">No viewings on this day.</p>}
      {model.loaded.value &&
        any &&
        columns.map((column) => (
          <section key={column.id} class="group negotiator" aria-labelledby={`neg-${column.id}`}>
            <h3 id={`neg-${column.id}`}>
              {column.name}
              <span class="muted">
                {' '}
                ·{' '}
                {column.viewings.length === 0
                  ? 'no viewings'
                  : column.viewings.length === 1
                    ? '1 viewing'
                    : `${column.viewings.length} viewings`}
              </span>
            </h3>
            {column.viewings.length > 0 && (
              <ul class="list">
                {column.viewings.map((v) => (
                  <ViewingItem key={v.reference} model={model} viewing={v} />
                ))}
              </ul>
            )}
          </section>
        ))}
      <Waiting model={model} />
    </>
  );
}

/**
 * The branch's waiting lists: who waits for which home and on which days, and a time held for them with their
 * link to book it, to send them where the agency's tools do not.
 */
function Waiting({ model }: { model: StaffModel }) {
  const places = model.waiting.value;
  if (places.length === 0) return null;
  return (
    <section class="group" aria-labelledby="waiting">
      <h3 id="waiting">Waiting lists</h3>
      <ul class="list">
        {places.map((p) => (
          <li key={p.reference} class="viewing">
            <p>
              {p.property.title}, {p.property.address}
            </p>
            <p>
              {p.guest.firstName} {p.guest.lastName} · {p.guest.email} · {p.guest.phone}
            </p>
            <p class="muted">Days: {p.days.join(', ')}</p>
            <p>
              {p.offer
                ? `Held for them: ${fullTime(model, p.offer)}, until ${formatTime(p.offer.heldUntil, LOCALE, model.zone())}. `
                : 'Waiting. '}
              <a href={p.url}>Their link</a>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What just happened or went wrong: said to screen readers, and shown once signed in. */
function Status({ model }: { model: StaffModel }) {
  const error = model.error.value;
  const status = model.status.value;
  const signedIn = model.phase.value === 'signed-in';
  return (
    <>
      <p class="sr" role="status" aria-live="polite">
        {error?.message ?? status}
      </p>
      {signedIn && error && (
        <div class="alert">
          <p>{error.message}</p>
        </div>
      )}
      {signedIn && status && <p class="notice ok">{status}</p>}
    </>
  );
}

/** The whole page's UI. Each part reads the signals it shows and redraws alone. */
export function StaffApp({ model }: { model: StaffModel }) {
  const phase = model.phase.value;
  return (
    <div class="vw staff">
      <Status model={model} />
      {phase === 'starting' && (
        <p class="loading">
          <span class="spinner" aria-hidden="true" />
          Loading…
        </p>
      )}
      {phase === 'signed-out' && <SignIn model={model} />}
      {phase === 'signed-in' && <Diary model={model} />}
    </div>
  );
}
