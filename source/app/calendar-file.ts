import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createCalendar, mergeCalendarData, NSE_CALENDAR, type MarketCalendar } from '../core/calendar.js';
import { AppError } from '../core/errors.js';

/** Name of the optional file, in the data directory, that adds NSE holidays and sessions (2027 onwards…). */
export const CALENDAR_FILE = 'nse-calendar.json';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-MM-dd');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm');
const schema = z
  .object({
    holidays: z.record(date, z.string().min(1)).default({}),
    specialSessions: z
      .record(date, z.object({ open: time, close: time, name: z.string().min(1), kind: z.enum(['special', 'muhurat']).default('special') }).strict())
      .default({}),
    /** Years the file's holiday list is complete for: planning a wait into them no longer warns. */
    years: z.array(z.number().int().min(2025).max(2100)).default([]),
    /** Closing-auction rules by effective date; one with the `from` of a built-in rule replaces it. */
    closingAuctions: z
      .array(
        z
          .object({ from: date, start: time, end: time, name: z.string().min(1) })
          .strict()
          .refine((r) => r.start < r.end, 'start must be before end'),
      )
      .default([]),
  })
  .strict();

/**
 * The NSE calendar, plus `<data dir>/nse-calendar.json` when it exists, e.g.
 * `{"years":[2027],"holidays":{"2027-01-26":"Republic Day"},"specialSessions":{"2027-10-29":{"open":"18:00","close":"19:00","name":"Muhurat","kind":"muhurat"}}}`.
 * `closingAuctions` (e.g. `[{"from":"2027-04-01","start":"15:10","end":"15:30","name":"NSE closing auction session"}]`)
 * changes when continuous-session MARKET orders stop from a date on.
 */
export function loadCalendar(dataDir: string): MarketCalendar {
  const file = join(dataDir, CALENDAR_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return createCalendar();
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('config', `${file} is not valid JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('config', `${file}: ${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`);
  }
  return createCalendar(mergeCalendarData(NSE_CALENDAR, parsed.data));
}
