import { Component, type FunctionComponent } from 'preact';
import { effect, Signal } from '@preact/signals-core';
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

export interface AppProps {
  model: FlowModel;
  /** In a dialog the visitor has already acted (opened it), so each step takes focus from the start. */
  modal?: boolean;
}

/**
 * The whole flow of one widget. It redraws whenever any signal of its model changes: the tree is small, so a
 * whole redraw costs less than the bytes that per-component subscriptions (or hooks) add to the bundle.
 */
export class App extends Component<AppProps> {
  // Private (#) names: the minifier shortens them, which it cannot do for properties.
  #stop: (() => void) | undefined;
  #shown: Step | undefined;
  /** Focus follows the visitor's own actions only: a widget loading further down a page must not scroll it there. */
  #acted: boolean | undefined;
  #root: HTMLDivElement | null | undefined;

  override componentDidMount() {
    const { model, modal } = this.props;
    this.#shown = model.step.peek();
    this.#stop = effect(() => {
      for (const value of Object.values(model)) if (value instanceof Signal) void value.value;
      this.setState({});
    });
    if (modal) this.#focus();
  }

  override componentWillUnmount() {
    this.#stop?.();
  }

  override componentDidUpdate() {
    const step = this.props.model.step.peek();
    if (step === this.#shown) return;
    this.#shown = step;
    if (this.#acted || this.props.modal) this.#focus();
  }

  /** The new step's heading, or the first field the proxy turned down when sent back to the details. */
  #focus() {
    const root = this.#root;
    const target = root?.querySelector('[aria-invalid="true"]') ?? root?.querySelector('h2');
    if (target instanceof HTMLElement) target.focus();
  }

  render({ model }: AppProps) {
    const { t } = model;
    const step = model.step.value;
    const steps = model.steps.value;
    const error = model.error.value;
    const n = steps.indexOf(step) + 1;
    const title =
      step === 'done' && model.booking.value?.status === 'requested' ? t.doneRequested : t.steps[step];
    const announcement =
      error?.message ?? model.notice.value ?? (n ? t.stepAnnouncement(n, steps.length, title) : title);
    const Current = STEPS[step];
    const act = () => {
      this.#acted = true;
    };

    return (
      <div
        class="vw"
        ref={(el) => {
          this.#root = el;
        }}
        onClick={act}
        onKeyDown={act}
      >
        {n > 0 && (
          <div class="progress">
            <span>{t.progress(n, steps.length)}</span>
            <ol aria-hidden="true">
              {steps.map((s, i) => (
                <li key={s} class={i < n ? 'on' : undefined} />
              ))}
            </ol>
          </div>
        )}
        {model.previous.value && (
          <button type="button" class="back" onClick={() => model.back()}>
            {t.back}
          </button>
        )}
        <h2 tabIndex={-1}>{title}</h2>
        <p class="sr" aria-live="polite">
          {announcement}
        </p>
        {error && (
          <div class="alert">
            <p>{error.message}</p>
            {error.retry && (
              <button type="button" class="secondary" onClick={error.retry}>
                {t.retry}
              </button>
            )}
          </div>
        )}
        {model.busy.value === 'load' && (
          <p class="loading">
            <span class="spinner" aria-hidden="true" />
            {t.loading}
          </p>
        )}
        <Current model={model} />
      </div>
    );
  }
}
