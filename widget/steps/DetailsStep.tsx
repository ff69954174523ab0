import { useComputed } from '@preact/signals';
import type { GuestField } from '../guest.ts';
import type { FlowModel } from '../model.ts';

interface FieldProps {
  model: FlowModel;
  name: GuestField;
  type?: 'text' | 'email' | 'tel';
  autocomplete?: string;
  multiline?: boolean;
}

// Fixed ids are safe: each widget has its own shadow root, and ids are unique only within one.
// Each field reads only its own text and error, so typing in one redraws that field alone.
function Field({ model, name, type = 'text', autocomplete, multiline }: FieldProps) {
  const { details } = model;
  const id = name;
  const error = useComputed(() => details.errors.value[name]).value;
  const control = {
    id,
    name,
    value: details.values[name].value,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    onBlur: () => details.validate(name),
    onInput: (e: Event) => {
      const el = e.currentTarget;
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) details.update(name, el.value);
    },
  };
  return (
    <div class="field">
      <label for={id}>{model.t.fields[name]}</label>
      {multiline ? (
        <textarea {...control} rows={3} maxLength={1000} />
      ) : (
        <input
          {...control}
          type={type}
          // Picks the branch of Preact's input typings that allows a text-like type chosen at runtime.
          list={undefined}
          required
          autocomplete={autocomplete}
        />
      )}
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

function Marketing({ model }: { model: FlowModel }) {
  const { details } = model;
  return (
    <label class="check">
      <input
        type="checkbox"
        checked={details.marketing.value}
        onChange={(e) => details.setMarketing(e.currentTarget.checked)}
      />
      <span>{model.t.marketing}</span>
    </label>
  );
}

export function DetailsStep({ model }: { model: FlowModel }) {
  const { t } = model;
  // The agency's questions, when the chosen home has some: their code is loaded only then.
  const Asked = model.details.asking.value?.View;
  const field = { model };

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const first = model.submitDetails();
    const named =
      first && e.currentTarget instanceof HTMLFormElement && e.currentTarget.elements.namedItem(first);
    // A yes or no, or a short choice, is a group of radio buttons: the first of them takes the focus.
    const control = named && !(named instanceof Element) ? named[0] : named;
    if (control instanceof HTMLElement) control.focus();
  };

  return (
    <form class="form" noValidate onSubmit={submit}>
      <div class="pair">
        <Field {...field} name="firstName" autocomplete="given-name" />
        <Field {...field} name="lastName" autocomplete="family-name" />
      </div>
      <Field {...field} name="email" type="email" autocomplete="email" />
      <Field {...field} name="phone" type="tel" autocomplete="tel" />
      {Asked && <Asked model={model} />}
      <Field {...field} name="message" multiline />
      {/* Hidden by its class (display: none), so people and screen readers never meet it; scripts fill it. */}
      <input
        class="hp"
        name="website"
        autocomplete="off"
        onInput={(e) => model.details.setTrap(e.currentTarget.value)}
      />
      <Marketing model={model} />
      <button type="submit" class="primary">
        {t.continue}
      </button>
    </form>
  );
}
