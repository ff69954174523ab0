/** Days of the week, Monday first, as a waiting visitor says which suit them. Zod-free: the widget reads it. */
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
