/**
 * Calendar arithmetic on UTC days written YYYY-MM-DD and months written YYYY-MM. Pure: a day is turned
 * into a day number (days since 1970-01-01) with Date.UTC, which computes and reads no clock.
 */
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a valid YYYY-MM-DD day. */
const dayNumber = (day: string): number =>
  Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / MS_PER_DAY;

export const dayOf = (n: number): string => new Date(n * MS_PER_DAY).toISOString().slice(0, 10);

export const addDays = (day: string, days: number): string => dayOf(dayNumber(day) + days);

/** Days in [from, to): 0 when to is not after from. */
export const daysBetween = (from: string, to: string): number => Math.max(0, dayNumber(to) - dayNumber(from));

export const monthOf = (day: string): string => day.slice(0, 7);

export const firstDayOf = (month: string): string => `${month}-01`;

/** The instant a UTC day begins (ISO 8601). */
export const instantOf = (day: string): string => `${day}T00:00:00.000Z`;

/** The first day of the month after the one `day` is in. */
const nextMonthStart = (day: string): string => {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

export const nextMonth = (month: string): string => monthOf(nextMonthStart(firstDayOf(month)));

/** The last day of a month YYYY-MM. */
export const lastDayOf = (month: string): string => addDays(nextMonthStart(firstDayOf(month)), -1);

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * `months` calendar months after `day`, keeping its day of the month, or the month's last day when the
 * month is shorter (2026-01-31 plus one month is 2026-02-28, plus two is 2026-03-31).
 */
export const addMonths = (day: string, months: number): string => {
  const total = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const d = Math.min(Number(day.slice(8, 10)), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

/** The months from the one holding `from` to the one holding the day before `to`, in order. */
export const monthsCovering = (from: string, to: string): string[] => {
  const out: string[] = [];
  if (to <= from) return out;
  const last = monthOf(addDays(to, -1));
  for (let m = monthOf(from); m <= last; m = nextMonth(m)) out.push(m);
  return out;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const isDay = (s: string): boolean => DAY.test(s) && s.slice(0, 4) !== '0000' && dayOf(dayNumber(s)) === s;
