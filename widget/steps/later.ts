// `viewing-widget.later.js`: the steps after the visitor has picked a time, loaded while they read the first.
import type { StepViews } from '../App.tsx';
import { ConfirmStep } from './ConfirmStep.tsx';
import { DetailsStep } from './DetailsStep.tsx';
import { DoneStep } from './DoneStep.tsx';

export const STEPS: StepViews = { details: DetailsStep, confirm: ConfirmStep, done: DoneStep };
