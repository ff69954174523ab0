// `viewing-widget.browse.js`: choosing a home and a time. Loaded while the visitor reads the branches, or, on a
// page that starts at a home or a time, by the boot script together with the flow.
import type { StepViews } from '../App.tsx';
import { PropertyStep } from './PropertyStep.tsx';
import { SlotStep } from './SlotStep.tsx';

export const STEPS: StepViews = { property: PropertyStep, slot: SlotStep };
