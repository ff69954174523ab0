import type { FunctionComponent } from 'preact';
import { effect, Signal } from '@preact/signals-core';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { FlowModel, Step } from './model.ts';
import { BranchStep } from './steps/BranchStep.tsx';
import { ConfirmStep } from './steps/ConfirmStep.tsx';
import { DetailsStep } from './steps/DetailsStep.tsx';
import { DoneStep } from './steps/DoneStep.tsx';
import { PropertyStep } from './steps/PropertyStep.tsx';
import { SlotStep } from './steps/SlotStep.tsx';

const STEPS: Record<Step, FunctionComponent<{ model: FlowModel }>> = {
  branch: BranchStep,
  property: PropertyStep,
  slot: SlotStep,
  details: DetailsStep,
  confirm: ConfirmStep,
  done: DoneStep,
};

/**
 * Redraws the widget whenever any signal of its model changes. The tree is small, so a whole redraw costs less
 * than the ~1 KB that per-component subscriptions (the @preact/signals adapter) add to the bundle.
 */
function useModel(model: FlowModel) {
  const [, redraw] = useState(0);
  useLayoutEffect(
    () =>
      effect(() => {
        for (const value of Object.values(model)) if (value instanceof Signal) void value.value;
        redraw((n) => n + 1);
      }),
    [model],
  );
}

export function App({ model }: { model: FlowModel }) {
  useModel(model);
  const { t } = model;
  const step = model.step.value;
  const steps = model.steps.value;
  const error = model.error.value;
  const busy = model.busy.value;
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus follows the visitor's own actions only: a widget loading further down a page must not scroll it there.
  const interacted = useRef(false);
  const mark = () => {
    interacted.current = true;
  };

  useLayoutEffect(() => {
    if (interacted.current) heading.current?.focus();
  }, [step]);

  const n = steps.indexOf(step) + 1;
  const title =
    step === 'done' && model.booking.value?.status === 'requested' ? t.doneRequested : t.steps[step];
  const announcement =
    error?.message ?? model.notice.value ?? (n ? t.stepAnnouncement(n, steps.length, title) : title);
  const Current = STEPS[step];

  return (
    <div class="vw" onPointerDown={mark} onKeyDown={mark}>
      {n > 0 && (
        <div class="vw-progress">
          <span>{t.progress(n, steps.length)}</span>
          <ol aria-hidden="true">
            {steps.map((s, i) => (
              <li key={s} class={i < n ? 'vw-on' : undefined} />
            ))}
          </ol>
        </div>
      )}
      {model.previous.value && (
        <button type="button" class="vw-back" onClick={() => model.back()}>
          {t.back}
        </button>
      )}
      <h2 class="vw-heading" tabIndex={-1} ref={heading}>
        {title}
      </h2>
      <p class="vw-sr" aria-live="polite">
        {announcement}
      </p>
      {error && (
        <div class="vw-alert">
          <p>{error.message}</p>
          {error.retry && (
            <button type="button" class="vw-secondary" onClick={error.retry}>
              {t.retry}
            </button>
          )}
        </div>
      )}
      {busy === 'load' && (
        <p class="vw-loading">
          <span class="vw-spinner" aria-hidden="true" />
          {t.loading}
        </p>
      )}
      <Current model={model} />
    </div>
  );
}
