// `viewing-widget.later.js`: the steps after the visitor has picked a time, loaded while they read the first.
import type { FunctionComponent } from 'preact';
import type { FlowModel, Step } from '../model.ts';
import { ConfirmStep } from './ConfirmStep.tsx';
import { DetailsStep } from './DetailsStep.tsx';
import { DoneStep } from './DoneStep.tsx';

export const LATER_STEPS: Partial<Record<Step, FunctionComponent<{ model: FlowModel }>>> = {
  details: DetailsStep,
  confirm: ConfirmStep,
  done: DoneStep,
};
