/**
 * Calendar days in the store's time zone (INSIGHTS_TIME_ZONE): per-day counters are keyed by
 * `YYYY-MM-DD`, ranges are inclusive, weeks start on Monday.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws RangeError for a zone Intl does not know (config validation uses it). */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/**
 * Since 1973 every zone's UTC offset is a whole number of minutes (Monrovia's -0:44:30 was the
 * last exception), so a day never starts inside a minute: the day of a minute is cached.
 */
const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1973, 0, 1);
const MS_PER_MINUTE = 60_000;
/** The last minute asked per zone and its day: turns ask for the same day again and again. */
const lastMinute = new Map<string, { minute: number; day: string }>();

/** The day `epochMs` falls on in `timeZone`. */
export function dayOf(epochMs: number, timeZone: string): string {
  const minute = Math.floor(epochMs / MS_PER_MINUTE);
  const cached = lastMinute.get(timeZone);
  if (cached && cached.minute === minute && epochMs >= WHOLE_MINUTE_OFFSETS_SINCE) return cached.day;
  const parts = formatter(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = `${get('year')}-${get('month')}-${get('day')}`;
  // One entry per zone the formatter cache already holds: bounded the same way.
  if (epochMs >= WHOLE_MINUTE_OFFSETS_SINCE) lastMinute.set(timeZone, { minute, day });
  return day;
}

export function isDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** Days since 1970-01-01 of a calendar day (time-zone free arithmetic on dates). */
export function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / MS_PER_DAY);
}

export function dayFromNumber(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return dayFromNumber(dayNumber(day) + n);
}

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let n = dayNumber(from); n <= dayNumber(to); n++) out.push(dayFromNumber(n));
  return out;
}

/** The Monday of the week `day` is in. */
export function weekOf(day: string): string {
  const n = dayNumber(day);
  // 1970-01-01 was a Thursday: (n + 3) % 7 is 0 on Mondays.
  return dayFromNumber(n - ((n + 3) % 7));
}
