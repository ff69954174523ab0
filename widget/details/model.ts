import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { ComponentType } from 'preact';
import {
  checkGuest,
  checkGuestField,
  firstInvalid,
  GUEST_FIELDS,
  type FieldErrors,
  type GuestDraft,
  type GuestField,
} from '../guest.ts';
import type { Messages } from '../i18n/en-GB.ts';
import type { FlowModel } from '../model.ts';
import type { AnswersModel } from './answers.ts';

/** The agency's questions for the chosen home: their answers, and the view that asks them (a file of their own). */
export interface Asking {
  answers: AnswersModel;
  /** Asks them, in the details step. */
  View: ComponentType<{ model: FlowModel }>;
  /** Shows the answers given, in the confirm step. */
  Summary: ComponentType<{ model: FlowModel }>;
}

export interface DetailsModelOptions {
  /** The wording of the field errors. */
  t: Messages;
}

/** The visitor's details as typed, field by field, with what is wrong with them. */
export interface DetailsModel {
  /** Each field's text as typed: a field redraws when its own text changes, not when another's does. */
  readonly values: Readonly<Record<GuestField, ReadonlySignal<string>>>;
  readonly marketing: ReadonlySignal<boolean>;
  /** The whole draft; a new object whenever any part of it changes. */
  readonly guest: ReadonlySignal<GuestDraft>;
  readonly errors: ReadonlySignal<FieldErrors>;
  /** The chosen home's questions, once read; null while there are none to ask. */
  readonly asking: ReadonlySignal<Asking | null>;
  /** The form's hidden field: people never see it, so only scripts fill it. */
  readonly trap: ReadonlySignal<string>;
  update(field: GuestField, value: string): void;
  ask(asking: Asking | null): void;
  /** Details the host page already knows; fills only fields the visitor has left empty. */
  prefill(values: Partial<Record<GuestField, string>>): void;
  setMarketing(marketing: boolean): void;
  setTrap(value: string): void;
  /** On blur: an empty field isn't flagged just for being tabbed through; submitting catches it. */
  validate(field: GuestField): void;
  /** Checks every field and answer; returns the first invalid control's name (to focus), or null when all are fine. */
  check(): string | null;
  /** Errors the proxy found, by field; returns the first control's name, or null when none is of this form. */
  reject(fields: Record<string, string>): string | null;
}

/**
 * The details form of one booking. What was typed survives every error and retry: nothing here is cleared
 * except by the visitor.
 *
 * @example
 * const details = createDetailsModel({ t: enGB });
 * details.update('email', 'ada@example.com');
 */
export function createDetailsModel({ t }: DetailsModelOptions): DetailsModel {
  const values = {
    firstName: signal(''),
    lastName: signal(''),
    email: signal(''),
    phone: signal(''),
    message: signal(''),
  } satisfies Record<GuestField, unknown>;
  const marketing = signal(false);
  const errors = signal<FieldErrors>({});
  const trap = signal('');
  const asking = signal<Asking | null>(null);
  const guest = computed<GuestDraft>(() => ({
    firstName: values.firstName.value,
    lastName: values.lastName.value,
    email: values.email.value,
    phone: values.phone.value,
    message: values.message.value,
    marketing: marketing.value,
  }));

  const setError = (field: GuestField, message: string | undefined) => {
    if (errors.value[field] !== message) errors.value = { ...errors.value, [field]: message };
  };
  const checkField = (field: GuestField) => checkGuestField(field, values[field].value, t);

  function update(field: GuestField, value: string) {
    values[field].value = value;
    // Once a field has complained, let it stop complaining as soon as the visitor fixes it.
    if (errors.value[field]) setError(field, checkField(field));
  }

  return {
    values,
    marketing,
    guest,
    errors,
    asking,
    trap,
    update,
    ask(next) {
      asking.value = next;
    },
    prefill(given) {
      for (const field of GUEST_FIELDS) {
        const value = given[field]?.trim();
        if (value && !values[field].value.trim()) update(field, value);
      }
    },
    setMarketing(value) {
      marketing.value = value;
    },
    setTrap(value) {
      trap.value = value;
    },
    validate(field) {
      if (values[field].value.trim() || errors.value[field]) setError(field, checkField(field));
    },
    check() {
      errors.value = checkGuest(guest.value, t);
      const answer = asking.value?.answers.check() ?? null;
      return firstInvalid(errors.value) ?? answer;
    },
    reject(fields) {
      const found: FieldErrors = {};
      for (const [path, message] of Object.entries(fields)) {
        const field = GUEST_FIELDS.find((x) => path === `guest.${x}` || path === x);
        if (field) found[field] = message;
      }
      const first = firstInvalid(found);
      if (first) errors.value = found;
      const answer = asking.value?.answers.reject(fields) ?? null;
      return first ?? answer;
    },
  };
}
