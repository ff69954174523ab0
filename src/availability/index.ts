/**
 * The slot engine for booking systems without free times of their own (ActuallyCare, OfficePlace): opening
 * hours, agents' hours and appointments, viewing length, buffers, notice and time zones in; free times out.
 * Pure: the backends read the appointments and hand them over.
 */
export { findFreeTimes, type FreeTime, type FreeTimesQuery } from './free-times.ts';
export {
  AgentRules,
  IsoDate,
  Period,
  PropertyRules,
  TimeOfDay,
  ViewingRules,
  WEEKDAYS,
  WeeklyHours,
  listedOnce,
  type BusyTime,
  type Weekday,
} from './rules.ts';
export {
  ALTERNATIVES,
  parseSlotTimesText,
  recheck,
  slotTimesText,
  type Recheck,
  type SlotTimes,
} from './booking.ts';
export { BusyCache } from './busy-cache.ts';
export { addDays, todayIn } from './wall-clock.ts';
