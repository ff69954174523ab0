import { useEffect, useId, useRef } from 'preact/hooks';
import { GUEST_FIELDS, type GuestField } from '../guest.ts';
import type { FlowModel } from '../model.ts';

type Control = HTMLInputElement | HTMLTextAreaElement;

interface FieldProps {
  model: FlowModel;
  name: GuestField;
  uid: string;
  controls: Partial<Record<GuestField, Control | null>>;
  type?: 'text' | 'email' | 'tel';
  autocomplete?: string;
  multiline?: boolean;
}

function Field({ model, name, uid, controls, type = 'text', autocomplete, multiline }: FieldProps) {
  const id = `${uid}-${name}`;
  const error = model.fieldErrors.value[name];
  const a11y = {
    id,
    name,
    value: model.guest.value[name],
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    onBlur: () => model.validateField(name),
  };
  return (
    <div class="vw-field">
      <label for={id}>{model.t.fields[name]}</label>
      {multiline ? (
        <textarea
          {...a11y}
          rows={3}
          maxLength={1000}
          ref={(el) => {
            controls[name] = el;
          }}
          onInput={(e) => model.updateGuest(name, e.currentTarget.value)}
        />
      ) : (
        <input
          {...a11y}
          type={type}
          // Picks the branch of Preact's input typings that allows a text-like type chosen at runtime.
          list={undefined}
          required
          autocomplete={autocomplete}
          ref={(el) => {
            controls[name] = el;
          }}
          onInput={(e) => model.updateGuest(name, e.currentTarget.value)}
        />
      )}
      {error && (
        <p id={`${id}-error`} class="vw-field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function DetailsStep({ model }: { model: FlowModel }) {
  const { t } = model;
  const uid = useId();
  const controls = useRef<Partial<Record<GuestField, Control | null>>>({}).current;
  const field = { model, uid, controls };

  // Arriving with errors means the proxy rejected a field: put the visitor on it.
  useEffect(() => {
    const first = GUEST_FIELDS.find((f) => model.fieldErrors.peek()[f]);
    if (first) controls[first]?.focus();
  }, []);

  const submit = (e: Event) => {
    e.preventDefault();
    const first = model.submitDetails();
    if (first) controls[first]?.focus();
  };

  return (
    <form class="vw-form" noValidate onSubmit={submit}>
      <div class="vw-pair">
        <Field {...field} name="firstName" autocomplete="given-name" />
        <Field {...field} name="lastName" autocomplete="family-name" />
      </div>
      <Field {...field} name="email" type="email" autocomplete="email" />
      <Field {...field} name="phone" type="tel" autocomplete="tel" />
      <Field {...field} name="message" multiline />
      <div class="vw-check">
        <input
          id={`${uid}-marketing`}
          type="checkbox"
          checked={model.guest.value.marketing}
          onChange={(e) => model.setMarketing(e.currentTarget.checked)}
        />
        <label for={`${uid}-marketing`}>{t.marketing}</label>
      </div>
      <button type="submit" class="vw-primary">
        {t.continue}
      </button>
    </form>
  );
}
