import { formatInTimeZone } from 'date-fns-tz';

/** Today's date, `YYYY-MM-DD`, on the wall calendar of `timeZone`. */
export const todayIn = (timeZone: string, now: Date): string => formatInTimeZone(now, timeZone, 'yyyy-MM-dd');
