import { addDays, addMonths, differenceInCalendarMonths, isValid, parseISO } from "date-fns";

/**
 * Financial years run 1 April – 31 March and are labelled "2023-24". Quarters: Q1 Apr–Jun,
 * Q2 Jul–Sep, Q3 Oct–Dec, Q4 Jan–Mar. Dates are ISO strings (yyyy-MM-dd) throughout.
 */

export type IsoDate = string;

export function financialYearStartYear(date: IsoDate): number {
  const d = parseIsoDate(date);
  return d.getMonth() >= 3 ? d.getFullYear() : d.getFullYear() - 1;
}

export function financialYearLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, "0")}`;
}

export function financialYearOf(date: IsoDate) {
  const startYear = financialYearStartYear(date);
  return financialYearBounds(startYear);
}

export function financialYearBounds(startYear: number) {
  return {
    label: financialYearLabel(startYear),
    startYear,
    startsOn: `${startYear}-04-01`,
    endsOn: `${startYear + 1}-03-31`,
  };
}

/** "2023-24" → 2023, or null when the label is not a financial year. */
export function parseFinancialYearLabel(label: string): number | null {
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  if (!m) return null;
  const start = Number(m[1]);
  return (start + 1) % 100 === Number(m[2]) ? start : null;
}

/** 1–4 within the financial year. */
export function financialQuarter(date: IsoDate): 1 | 2 | 3 | 4 {
  const month = parseIsoDate(date).getMonth(); // 0 = January
  return (((Math.floor(month / 3) + 3) % 4) + 1) as 1 | 2 | 3 | 4;
}

const QUARTER_MONTHS = ["Apr–Jun", "Jul–Sep", "Oct–Dec", "Jan–Mar"] as const;

export function quarterLabel(financialYear: string, quarter: number): string {
  return `${financialYear} Q${quarter} (${QUARTER_MONTHS[quarter - 1]})`;
}

/** "2023-24 Q1": a quarter's short name, in the tables and charts of spend, payments and milestones. */
export function shortQuarterLabel(startYear: number, quarter: number): string {
  return `${financialYearLabel(startYear)} Q${quarter}`;
}

export function quarterBounds(startYear: number, quarter: 1 | 2 | 3 | 4) {
  const start = addMonths(new Date(startYear, 3, 1), (quarter - 1) * 3);
  const end = addMonths(start, 3);
  end.setDate(0);
  return { startsOn: toIsoDate(start), endsOn: toIsoDate(end) };
}

/** Whole months a project runs, counting both the first and last month: 1 Oct 2023 – 31 Mar 2025 is 18. */
export function durationInMonths(start: IsoDate, end: IsoDate): number {
  return differenceInCalendarMonths(parseIsoDate(end), parseIsoDate(start)) + 1;
}

export function parseIsoDate(date: IsoDate): Date {
  const d = parseISO(date);
  if (!isValid(d)) throw new RangeError(`Not a date: ${date}`);
  return d;
}

const two = (n: number) => String(n).padStart(2, "0");

export function toIsoDate(d: Date): IsoDate {
  return `${String(d.getFullYear()).padStart(4, "0")}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

// Spelt out here rather than through date-fns's format(), which brings its whole English locale
// to every page's JavaScript for these two patterns.
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const dayMonthYear = (d: Date) => `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;

/** A date some days after the given one, as the date boxes take it: 1 Dec 2026 + 28 is "29 12 2026". */
export function dateBoxesExample(from: IsoDate, days: number): string {
  const d = addDays(parseIsoDate(from), days);
  return `${d.getDate()} ${d.getMonth() + 1} ${d.getFullYear()}`;
}

/** A day, month and year as typed; null unless they make a real date. */
export function isoDateFromParts(day: string, month: string, year: string): IsoDate | null {
  if (!/^\d{1,2}$/.test(day.trim()) || !/^\d{1,2}$/.test(month.trim()) || !/^\d{4}$/.test(year.trim())) return null;
  const d = Number(day), m = Number(month), y = Number(year);
  const date = new Date(y, m - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== m - 1 || date.getDate() !== d) return null;
  return toIsoDate(date);
}

/** 1 October 2023 */
export function formatDate(date: IsoDate): string {
  return dayMonthYear(parseIsoDate(date));
}

/** 1 October 2023 at 2:05pm, for timestamps. */
export function formatDateTime(timestamp: string): string {
  const d = new Date(timestamp);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not a time: ${timestamp}`);
  return `${dayMonthYear(d)} at ${d.getHours() % 12 || 12}:${two(d.getMinutes())}${d.getHours() < 12 ? "am" : "pm"}`;
}

/**
 * Which financial years (by start year) must be made so that the portal has the year the date
 * falls in and, from 1 January (the last quarter, when next year's rounds are planned), the
 * next one. Years already there are left alone; nothing is made for the past.
 */
export function financialYearsToCreate(existingStartYears: readonly number[], today: IsoDate): number[] {
  const have = new Set(existingStartYears);
  const current = financialYearStartYear(today);
  const wanted = financialQuarter(today) === 4 ? [current, current + 1] : [current];
  return wanted.filter((y) => !have.has(y));
}

/** The year after the latest there is (or the current one, when there are none): "Add the next financial year". */
export function nextFinancialYear(existingStartYears: readonly number[], today: IsoDate): number {
  return existingStartYears.length ? Math.max(...existingStartYears) + 1 : financialYearStartYear(today);
}
