// Time formats the Instance models use: `launchTime` as the service writes it (Beijing time,
// `2024-05-06 10:12:45`), disk and billing times in UTC ISO 8601 (`2024-05-06T02:12:31Z`).

import { beijingTime, utcTime } from '../../state/time-text.js';

export { utcTime };
export const launchTimeOf = beijingTime;

/** `ms` plus whole calendar months (UTC). */
export function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.getTime();
}
