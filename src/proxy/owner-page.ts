import { formatInTimeZone } from 'date-fns-tz';
import type { OwnerView, Slot } from '../contract/index.ts';
import { escape, page } from './manage-page.ts';

const STYLE =
  'dl{display:grid;grid-template-columns:auto 1fr;gap:4px 16px}dt{font-weight:600}dd{margin:0}' +
  'fieldset{border:1px solid #d1d5db;border-radius:8px;margin:16px 0;padding:8px 16px}' +
  'legend{font-weight:600;padding:0 4px}label{display:flex;gap:8px;align-items:center;min-height:44px}' +
  'button{font:inherit;min-height:44px;padding:8px 16px;margin:4px 8px 4px 0;border-radius:8px;' +
  'border:1px solid #0f766e;background:#fff;color:#0f766e;cursor:pointer}' +
  'button.yes{background:#0f766e;color:#fff}.alert{border-left:4px solid #b91c1c;padding:8px 12px;background:#fff}' +
  '.done{border-left:4px solid #0f766e;padding:8px 12px;background:#fff}';

const when = (at: string, timeZone: string) =>
  formatInTimeZone(new Date(at), timeZone, "EEEE d MMMM yyyy 'at' HH:mm");

/** What has become of the request, once there is nothing left to decide. */
function outcome(v: OwnerView): string {
  const { approval } = v;
  const name = escape(v.visitor.firstName);
  if (approval.status === 'approved') {
    return `You agreed to this viewing, on ${escape(when(v.viewing.start, v.viewing.timeZone))}. ${name} has been told it is booked.`;
  }
  if (approval.status === 'declined') return `You declined this viewing. ${name} has been told.`;
  if (approval.status === 'expired')
    return 'This request was not answered in time, so the viewing is not going ahead.';
  return 'This viewing was called off, so there is nothing to decide.';
}

/** The home's other free times, by day, as radio buttons the owner may pick one of. */
function suggestions(slots: Slot[], timeZone: string): string {
  if (slots.length === 0) return '';
  const days = new Map<string, Slot[]>();
  for (const slot of slots) {
    const day = formatInTimeZone(new Date(slot.start), timeZone, 'EEEE d MMMM');
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  const choices = [...days]
    .map(
      ([day, times]) =>
        `<p><strong>${escape(day)}</strong></p>` +
        times
          .map(
            (slot) =>
              `<label><input type="radio" name="slotId" value="${escape(slot.id)}"> ` +
              `${escape(formatInTimeZone(new Date(slot.start), timeZone, 'HH:mm'))}</label>`,
          )
          .join(''),
    )
    .join('');
  return (
    '<fieldset><legend>Or agree to another time instead</legend>' +
    choices +
    '<button name="decision" value="suggest">Agree to the time I picked</button></fieldset>'
  );
}

/**
 * The page an owner's link opens (`/approve/:token`): who would like to view the home and when, their answers,
 * and the owner's three answers as a plain form that needs no script. English only: the owner is the agency's
 * client, not a visitor from anywhere.
 */
export function ownerPage(v: OwnerView, { nonce, problem }: { nonce: string; problem?: string }): string {
  const { viewing, property, branch, approval } = v;
  const open = approval.status === 'pending' && !v.cancelled;
  const answers = v.answers.length
    ? '<h2>Their answers</h2><dl>' +
      v.answers.map((a) => `<dt>${escape(a.question)}</dt><dd>${escape(a.answer)}</dd>`).join('') +
      '</dl>'
    : '';
  const contact = branch.phone
    ? ` To talk it over, call ${escape(branch.name)} on ${escape(branch.phone)}.`
    : ` To talk it over, contact ${escape(branch.name)}.`;
  const body =
    `<h1>Viewing request: ${escape(property.address)}</h1>` +
    (problem ? `<p class="alert" role="alert">${escape(problem)}</p>` : '') +
    `<p>${escape(v.visitor.firstName)} would like to view ${escape(property.title)} on ` +
    `<strong>${escape(when(viewing.start, viewing.timeZone))}</strong>, with ${escape(branch.name)}.</p>` +
    answers +
    (open
      ? `<p>Please answer by ${escape(when(approval.answerBy, viewing.timeZone))}; ` +
        `unanswered then, the request lapses.${contact}</p>` +
        '<form method="post">' +
        '<button class="yes" name="decision" value="approve">Agree to this viewing</button>' +
        '<button name="decision" value="decline">Decline</button>' +
        suggestions(v.suggestions, viewing.timeZone) +
        '</form>'
      : `<p class="done" role="status">${outcome(v)}</p>`);
  return page({ lang: 'en-GB', title: `Viewing request – ${property.address}`, nonce, style: STYLE, body });
}
