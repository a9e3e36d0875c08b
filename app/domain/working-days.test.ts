import { describe, expect, it } from "vitest";
import { BANK_HOLIDAYS_FROM, BANK_HOLIDAYS_TO, ENGLAND_AND_WALES_BANK_HOLIDAYS } from "./bank-holidays";
import { addWorkingDays, bankHolidayOn, bankHolidaysKnownFor, isWeekend, isWorkingDay, subtractWorkingDays } from "./working-days";

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easterSunday(year: number): Date {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100;
  const d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day, 12));
}
const iso = (d: Date) => d.toISOString().slice(0, 10);
const plus = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);
const utc = (y: number, m: number, day: number) => new Date(Date.UTC(y, m - 1, day, 12));
const firstMonday = (y: number, m: number) => { let d = utc(y, m, 1); while (d.getUTCDay() !== 1) d = plus(d, 1); return d; };
const lastMonday = (y: number, m: number) => { let d = plus(utc(y, m + 1, 1), -1); while (d.getUTCDay() !== 1) d = plus(d, -1); return d; };

/** The bank holidays of a year by the rules of the Banking and Financial Dealings Act 1971 and the royal proclamations that set them. */
function byTheRules(year: number): string[] {
  const easter = easterSunday(year);
  const taken = new Set<string>();
  /** A fixed day on a weekend moves to the next weekday not already a holiday. */
  const fixed = (d: Date) => {
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6 || taken.has(iso(d))) d = plus(d, 1);
    taken.add(iso(d));
    return iso(d);
  };
  const days = [
    fixed(utc(year, 1, 1)),
    iso(plus(easter, -2)),
    iso(plus(easter, 1)),
    iso(firstMonday(year, 5)),
    iso(lastMonday(year, 5)),
    iso(lastMonday(year, 8)),
    fixed(utc(year, 12, 25)),
    fixed(utc(year, 12, 26)),
  ];
  return days.sort();
}

/** Days proclaimed for one year only, on top of the usual eight. */
const EXTRA = { 2023: ["2023-05-08"] } as Record<number, string[]>;

describe("the bank holidays shipped as data", () => {
  const years = Array.from({ length: BANK_HOLIDAYS_TO - BANK_HOLIDAYS_FROM + 1 }, (_, i) => BANK_HOLIDAYS_FROM + i);

  it.each(years)("%i: exactly the usual eight by the rules, with their substitute days, and any one-off day", (year) => {
    const shipped = ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((h) => h.date.startsWith(`${year}-`)).map((h) => h.date).sort();
    expect(shipped).toEqual([...byTheRules(year), ...(EXTRA[year] ?? [])].sort());
  });

  it("Easter by the algorithm is the Easter everyone knows", () => {
    expect(iso(easterSunday(2023))).toBe("2023-04-09");
    expect(iso(easterSunday(2024))).toBe("2024-03-31");
    expect(iso(easterSunday(2025))).toBe("2025-04-20");
    expect(iso(easterSunday(2027))).toBe("2027-03-28");
  });

  it("holds the days gov.uk publishes, named", () => {
    expect(bankHolidayOn("2023-05-08")).toBe("Bank holiday for the coronation of King Charles III");
    expect(bankHolidayOn("2023-01-02")).toBe("New Year’s Day (substitute day)");
    expect(bankHolidayOn("2024-03-29")).toBe("Good Friday");
    expect(bankHolidayOn("2024-04-01")).toBe("Easter Monday");
    expect(bankHolidayOn("2026-12-28")).toBe("Boxing Day (substitute day)");
    expect(bankHolidayOn("2027-12-27")).toBe("Christmas Day (substitute day)");
    expect(bankHolidayOn("2027-12-28")).toBe("Boxing Day (substitute day)");
    expect(bankHolidayOn("2028-01-03")).toBe("New Year’s Day (substitute day)");
    // Not England and Wales: St Andrew's Day, 2 January, the Twelfth, St Patrick's Day.
    for (const d of ["2024-12-02", "2024-01-02", "2024-07-12", "2024-03-18"]) expect(bankHolidayOn(d)).toBeNull();
    // The weekend day itself is not the holiday: its substitute is.
    expect(bankHolidayOn("2026-12-26")).toBeNull();
  });

  it("every date is a weekday and appears once", () => {
    const dates = ENGLAND_AND_WALES_BANK_HOLIDAYS.map((h) => h.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates.filter(isWeekend)).toEqual([]);
  });

  it("covers the year after this one, so reminders next year count bank holidays (add the next year from gov.uk when this fails)", () => {
    const next = new Date().getUTCFullYear() + 1;
    expect(BANK_HOLIDAYS_TO).toBeGreaterThanOrEqual(next);
    expect(bankHolidaysKnownFor(`${next}-06-01`)).toBe(true);
    expect(bankHolidaysKnownFor("2031-01-01")).toBe(false);
  });
});

describe("working days", () => {
  it("are weekdays that are not bank holidays", () => {
    expect(isWorkingDay("2023-10-30")).toBe(true); // Monday
    expect(isWorkingDay("2023-10-28")).toBe(false); // Saturday
    expect(isWorkingDay("2023-10-29")).toBe(false); // Sunday
    expect(isWorkingDay("2023-12-25")).toBe(false);
  });

  it("five before an ordinary Monday is the Monday before", () => {
    expect(subtractWorkingDays("2023-10-30", 5)).toBe("2023-10-23");
  });

  it("five before a Saturday or a Sunday counts from the Friday", () => {
    expect(subtractWorkingDays("2024-07-27", 5)).toBe("2024-07-22");
    expect(subtractWorkingDays("2024-07-28", 5)).toBe("2024-07-22");
  });

  it("skips Good Friday and Easter Monday", () => {
    // Easter 2024: Good Friday 29 March, Easter Monday 1 April.
    expect(subtractWorkingDays("2024-04-02", 5)).toBe("2024-03-22");
    expect(subtractWorkingDays("2024-04-05", 5)).toBe("2024-03-27");
    // Easter 2025: Good Friday 18 April, Easter Monday 21 April.
    expect(subtractWorkingDays("2025-04-25", 5)).toBe("2025-04-16");
  });

  it("skips Christmas, Boxing Day and New Year's Day", () => {
    // Back from Tuesday 2 January 2024: (1 New Year's Day), 29, 28, 27, (26 Boxing Day, 25 Christmas Day), 22, 21.
    expect(subtractWorkingDays("2024-01-02", 5)).toBe("2023-12-21");
    expect(subtractWorkingDays("2024-12-30", 5)).toBe("2024-12-19");
  });

  it("skips substitute days: Boxing Day 2026 on a Saturday moves to Monday 28 December", () => {
    expect(isWorkingDay("2026-12-28")).toBe(false);
    // Back from Thursday 31 December 2026: 30, 29, (28 substitute), (27, 26 weekend), (25 Christmas), 24, 23, 22.
    expect(subtractWorkingDays("2026-12-31", 5)).toBe("2026-12-22");
    // 2027: Christmas and Boxing Day on the weekend, substitutes Monday 27 and Tuesday 28 December.
    expect(subtractWorkingDays("2027-12-31", 5)).toBe("2027-12-22");
    // New Year's Day 2028 on a Saturday: the substitute is Monday 3 January. Back from Friday 7: 6, 5, 4, (3), 31, 30.
    expect(subtractWorkingDays("2028-01-07", 5)).toBe("2027-12-30");
  });

  it("skips the coronation bank holiday and the May bank holidays", () => {
    // 1 May 2023 early May bank holiday, 8 May the coronation.
    expect(subtractWorkingDays("2023-05-10", 5)).toBe("2023-05-02");
    // Spring bank holiday Monday 27 May 2024.
    expect(subtractWorkingDays("2024-05-31", 5)).toBe("2024-05-23");
  });

  it("the late-summer due date of a first-quarter return: 30 July, and 5 working days before it", () => {
    expect(subtractWorkingDays("2023-07-30", 5)).toBe("2023-07-24");
  });

  it("zero working days is the date itself; adding undoes subtracting", () => {
    expect(subtractWorkingDays("2024-04-02", 0)).toBe("2024-04-02");
    expect(addWorkingDays("2024-03-22", 5)).toBe("2024-04-02");
    expect(addWorkingDays("2023-12-22", 1)).toBe("2023-12-27");
  });

  it("refuses nonsense", () => {
    expect(() => subtractWorkingDays("2024-02-30", 5)).toThrow(RangeError);
    expect(() => subtractWorkingDays("2024-04-02", -1)).toThrow(RangeError);
    expect(() => subtractWorkingDays("2024-04-02", 1.5)).toThrow(RangeError);
  });
});
