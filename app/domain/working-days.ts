import { BANK_HOLIDAYS_FROM, BANK_HOLIDAYS_TO, ENGLAND_AND_WALES_BANK_HOLIDAYS } from "./bank-holidays";
import type { IsoDate } from "./financial-years";

/**
 * Working days in England and Wales: Monday to Friday, less the bank holidays shipped in
 * bank-holidays.ts. Dates are "yyyy-MM-dd" calendar dates; the arithmetic is on the calendar (UTC
 * noon), never on a clock, so British Summer Time cannot move a day.
 */

const HOLIDAYS = new Map(ENGLAND_AND_WALES_BANK_HOLIDAYS.map((h) => [h.date, h.title]));

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtcNoon(date: IsoDate): Date {
  const m = ISO.exec(date);
  if (!m) throw new RangeError(`Not a date: ${date}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  if (d.getUTCDate() !== Number(m[3])) throw new RangeError(`Not a date: ${date}`);
  return d;
}

const fromUtc = (d: Date): IsoDate => d.toISOString().slice(0, 10);

function shift(date: IsoDate, days: number): IsoDate {
  const d = toUtcNoon(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** The bank holiday's name, or null when the date is not one. */
export const bankHolidayOn = (date: IsoDate): string | null => HOLIDAYS.get(date) ?? null;

export function isWeekend(date: IsoDate): boolean {
  const day = toUtcNoon(date).getUTCDay();
  return day === 0 || day === 6;
}

/** Whether the list of bank holidays covers the date's year (outside it only weekends are known). */
export const bankHolidaysKnownFor = (date: IsoDate) => {
  const year = Number(date.slice(0, 4));
  return year >= BANK_HOLIDAYS_FROM && year <= BANK_HOLIDAYS_TO;
};

export const isWorkingDay = (date: IsoDate) => !isWeekend(date) && !HOLIDAYS.has(date);

/**
 * The working day `n` working days before `date`: counting back a day at a time, only working days
 * count. Five working days before Tuesday 2 April 2024 (Easter Monday the 1st, Good Friday 29
 * March) is Friday 22 March. `date` itself need not be a working day.
 */
export function subtractWorkingDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Not a number of working days: ${n}`);
  let day = date;
  let left = n;
  while (left > 0) {
    day = shift(day, -1);
    if (isWorkingDay(day)) left -= 1;
  }
  return day;
}

/** The working day `n` working days after `date`. */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Not a number of working days: ${n}`);
  let day = date;
  let left = n;
  while (left > 0) {
    day = shift(day, 1);
    if (isWorkingDay(day)) left -= 1;
  }
  return day;
}
