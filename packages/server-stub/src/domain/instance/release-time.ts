// modifyInstanceReleaseTime: sets, moves or cancels the scheduled deletion of instances.
//
// The time is `yyyy-MM-dd HH:mm:ss`, from one hour to ten years ahead. The sources name no time
// zone; it is read as China Standard Time (UTC+8), where the service runs. Every instance is
// looked up before any changes, so an unknown one (404) leaves all of them as they were. The
// emulator records the time and does not delete the instance when it comes.
import { invalidArgument } from '../../http/errors.js';
import { viewResource } from '../preconditions.js';
import type { OperationContext, OperationResult } from '../types.js';
import { INSTANCE } from './kind.js';

const FORM = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const HOUR_MS = 3_600_000;
const TEN_YEARS_MS = 10 * 365.25 * 24 * HOUR_MS;

/** The instant a `yyyy-MM-dd HH:mm:ss` in UTC+8 names, or undefined for another form or no such date. */
export function parseReleaseTime(text: string): number | undefined {
  if (!FORM.test(text)) return undefined;
  // FORM fixes where each field is: yyyy-MM-dd HH:mm:ss.
  const field = (start: number, length: number): number => Number(text.slice(start, start + length));
  const [year, month, day] = [field(0, 4), field(5, 2), field(8, 2)];
  const [hour, minute, second] = [field(11, 2), field(14, 2), field(17, 2)];
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(utc);
  // Date.UTC rolls 2025-02-30 over to March: such a date does not exist.
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  return utc - CHINA_OFFSET_MS;
}

export function modifyInstanceReleaseTime(ctx: OperationContext<'modifyInstanceReleaseTime'>): OperationResult<'modifyInstanceReleaseTime'> {
  const { instanceIds = [], autoReleaseTime = '' } = ctx.params.body;
  if (autoReleaseTime !== '') {
    const at = parseReleaseTime(autoReleaseTime);
    if (at === undefined) {
      throw invalidArgument(`Invalid parameter 'autoReleaseTime': '${autoReleaseTime}' is not a time of the form yyyy-MM-dd HH:mm:ss.`);
    }
    const now = ctx.clock.now();
    if (at < now + HOUR_MS || at > now + TEN_YEARS_MS) {
      throw invalidArgument(`Invalid parameter 'autoReleaseTime': '${autoReleaseTime}' must be between one hour and ten years from now.`);
    }
  }
  const ids = [...new Set(instanceIds)];
  for (const id of ids) viewResource(ctx, INSTANCE, id);
  for (const id of ids) {
    ctx.store.instances.update(id, (draft) => {
      if (autoReleaseTime === '') delete draft.autoReleaseTime;
      else draft.autoReleaseTime = autoReleaseTime;
    });
  }
}
