import { signal } from '@preact/signals';
import type { FunctionComponent } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { FlowModel, Step } from './model.ts';
import { BranchStep } from './steps/BranchStep.tsx';

type StepView = FunctionComponent<{ model: FlowModel }>;
export type StepViews = Partial<Record<Step, StepView>>;

/** The steps here so far: the branches are in the flow's own file, the others come from files of their own. */
const steps = signal<StepViews>({ branch: BranchStep });
/** A file of steps could not be had (the visitor went offline): they are offered to try again. */
const stepsFailed = signal(false);
let loadingSteps: Promise<void> | undefined;

/** The files of further steps, each shown as soon as it is here. */
const STEP_FILES = [() => import('./steps/browse.ts'), () => import('./steps/later.ts')];

/** Loads the steps after the first once per page; after a failure the next call tries again. */
export function loadSteps(): Promise<void> {
  return (loadingSteps ??= Promise.all(
    STEP_FILES.map((file) =>
      file().then((m) => {
        steps.value = { ...steps.value, ...m.STEPS };
      }),
    ),
  ).then(
    () => {
      stepsFailed.value = false;
    },
    () => {
      loadingSteps = undefined;
      stepsFailed.value = true;
    },
  ));
}

type Props = { model: FlowModel };

/** The step's name; a booking the branch has yet to confirm is named for what it is. */
const titleOf = (model: FlowModel) => {
  const step = model.step.value;
  const list = step === 'done' && model.joined.value && model.waitlist.value;
  if (list) return list.words(model.locale).joinedTitle;
  return step === 'done' && model.booking.value?.status === 'requested'
    ? model.t.doneRequested
    : model.t.steps[step];
};

function Progress({ model }: Props) {
  const steps = model.steps.value;
  const n = steps.indexOf(model.step.value) + 1;
  if (n === 0) return null;
  return (
    <div class="progress">
      <span>{model.t.progress(n, steps.length)}</span>
      <ol aria-hidden="true">
        {steps.map((s, i) => (
          <li key={s} class={i < n ? 'on' : undefined} />
        ))}
      </ol>
    </div>
  );
}

function Back({ model }: Props) {
  return model.previous.value ? (
    <button type="button" class="back" onClick={() => model.back()}>
      {model.t.back}
    </button>
  ) : null;
}

function Heading({ model }: Props) {
  return <h2 tabIndex={-1}>{titleOf(model)}</h2>;
}

/** What a screen reader hears: the problem, else the notice, else which step this is. */
function Announcement({ model }: Props) {
  const steps = model.steps.value;
  const n = steps.indexOf(model.step.value) + 1;
  const title = titleOf(model);
  return (
    <p class="sr" aria-live="polite">
      {model.error.value?.message ??
        model.notice.value ??
        (n ? model.t.stepAnnouncement(n, steps.length, title) : title)}
    </p>
  );
}

function Alert({ model }: Props) {
  const error = model.error.value;
  if (!error) return null;
  return (
    <div class="alert">
      <p>{error.message}</p>
      {error.retry && (
        <button type="button" class="secondary" onClick={error.retry}>
          {model.t.retry}
        </button>
      )}
    </div>
  );
}

function Loading({ model }: Props) {
  return model.busy.value === 'load' ? (
    <p class="loading">
      <span class="spinner" aria-hidden="true" />
      {model.t.loading}
    </p>
  ) : null;
}

/** While a step's file is on its way: one loading line, not a second beside the one `Loading` may show. */
function WaitingForStep({ model }: Props) {
  return model.busy.value === 'load' ? null : (
    <p class="loading">
      <span class="spinner" aria-hidden="true" />
      {model.t.loading}
    </p>
  );
}

/** The new step's heading, or the first field the proxy turned down when sent back to the details. */
function focusStep(root: HTMLElement | null) {
  const target = root?.querySelector('[aria-invalid="true"]') ?? root?.querySelector('h2');
  if (target instanceof HTMLElement) target.focus();
}

export interface AppProps {
  model: FlowModel;
  /** In a dialog the visitor has already acted (opened it), so each step takes focus from the start. */
  modal?: boolean;
}

/**
 * The whole flow of one widget. The frame redraws only when the step changes; each part of it (progress,
 * problem, loading line) and each step reads the signals it shows and redraws alone.
 */
export function App({ model, modal }: AppProps) {
  const step = model.step.value;
  const root = useRef<HTMLDivElement>(null);
  const shown = useRef<Step | null>(null);
  /** Focus follows the visitor's own actions only: a widget loading further down a page must not scroll it there. */
  const acted = useRef(false);

  useLayoutEffect(() => {
    const first = shown.current === null;
    if (step === shown.current) return;
    shown.current = step;
    if (first ? modal : acted.current || modal) focusStep(root.current);
  }, [step]);

  // Asked for once the first step is on screen, so each is here by the time the visitor reaches it.
  useEffect(() => void loadSteps(), []);

  const Current = steps.value[step];
  const act = () => {
    acted.current = true;
  };
  return (
    <div class="vw" ref={root} onClick={act} onKeyDown={act}>
      <Progress model={model} />
      <Back model={model} />
      <Heading model={model} />
      <Announcement model={model} />
      <Alert model={model} />
      <Loading model={model} />
      {Current ? (
        <Current model={model} />
      ) : stepsFailed.value ? (
        <div class="alert">
          <p>{model.t.errors.network}</p>
          <button type="button" class="secondary" onClick={() => void loadSteps()}>
            {model.t.retry}
          </button>
        </div>
      ) : (
        <WaitingForStep model={model} />
      )}
    </div>
  );
}
