// The week picker: one model and one component, shared by the booking flow and the manage view.
export {
  createWeekModel,
  type Day,
  type WeekAnswer,
  type WeekModel,
  type WeekModelOptions,
} from './model.ts';
export { WeekPicker, type WeekPickerProps } from './WeekPicker.tsx';
