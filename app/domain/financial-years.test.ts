import { describe, expect, it } from "vitest";
import {
  dateBoxesExample,
  durationInMonths,
  financialQuarter,
  financialYearBounds,
  financialYearLabel,
  financialYearOf,
  financialYearStartYear,
  formatDate,
  formatDateTime,
  isoDateFromParts,
  parseFinancialYearLabel,
  parseIsoDate,
  quarterBounds,
  quarterLabel,
  shortQuarterLabel,
  toIsoDate,
} from "./financial-years";

describe("which financial year a date falls in", () => {
  it("31 March 2024 is the last day of 2023-24", () => {
    expect(financialYearStartYear("2024-03-31")).toBe(2023);
    expect(financialYearOf("2024-03-31").label).toBe("2023-24");
  });

  it("1 April 2024 is the first day of 2024-25", () => {
    expect(financialYearStartYear("2024-04-01")).toBe(2024);
    expect(financialYearOf("2024-04-01").label).toBe("2024-25");
  });

  it.each([
    ["2024-01-01", 2023],
    ["2023-12-31", 2023],
    ["2023-04-01", 2023],
    ["2023-03-31", 2022],
    ["2023-06-15", 2023],
    ["2024-02-29", 2023],
    ["2000-01-01", 1999],
    ["2000-04-01", 2000],
  ])("%s falls in the financial year starting in %i", (date, startYear) => {
    expect(financialYearStartYear(date)).toBe(startYear);
  });

  it("gives the year's first and last days", () => {
    expect(financialYearOf("2023-10-01")).toEqual({
      label: "2023-24",
      startYear: 2023,
      startsOn: "2023-04-01",
      endsOn: "2024-03-31",
    });
  });

  it("a financial year runs 1 April to 31 March, even across a leap year", () => {
    expect(financialYearBounds(2023)).toMatchObject({ startsOn: "2023-04-01", endsOn: "2024-03-31" });
    expect(financialYearBounds(1999)).toEqual({ label: "1999-00", startYear: 1999, startsOn: "1999-04-01", endsOn: "2000-03-31" });
  });

  it("every day of a financial year belongs to it, and the days either side do not", () => {
    const first = parseIsoDate("2023-04-01");
    for (let i = 0; i < 366; i++) {
      const day = new Date(first.getFullYear(), first.getMonth(), first.getDate() + i);
      expect(financialYearStartYear(toIsoDate(day))).toBe(2023);
    }
    expect(financialYearStartYear("2023-03-31")).toBe(2022);
    expect(financialYearStartYear("2024-04-01")).toBe(2024);
  });

  it("refuses something that is not a date", () => {
    expect(() => financialYearStartYear("not a date")).toThrow(RangeError);
    expect(() => financialYearStartYear("")).toThrow(RangeError);
    expect(() => financialYearStartYear("2023-02-30")).toThrow(RangeError);
  });
});

describe("financial year labels", () => {
  it.each([
    [2023, "2023-24"],
    [2024, "2024-25"],
    [1999, "1999-00"],
    [2099, "2099-00"],
    [2000, "2000-01"],
    [2008, "2008-09"],
    [2009, "2009-10"],
  ])("the year starting in %i is labelled %s", (startYear, label) => {
    expect(financialYearLabel(startYear)).toBe(label);
  });

  it.each([
    ["2023-24", 2023],
    ["1999-00", 1999],
    ["2099-00", 2099],
    ["2009-10", 2009],
  ])("reads the label %s as the year starting in %i", (label, startYear) => {
    expect(parseFinancialYearLabel(label)).toBe(startYear);
  });

  it.each([["2023-25"], ["2023-23"], ["2023-2024"], ["23-24"], ["2023/24"], ["2023–24"], [" 2023-24"], ["2023-24 "], [""], ["abcd-ef"], ["1999-99"]])(
    "does not read %j as a financial year",
    (label) => {
      expect(parseFinancialYearLabel(label)).toBeNull();
    },
  );

  it("labels and reads back every year from 1990 to 2100", () => {
    for (let year = 1990; year <= 2100; year++) {
      expect(parseFinancialYearLabel(financialYearLabel(year))).toBe(year);
    }
  });
});

describe("quarters of the financial year", () => {
  it.each([
    ["2023-04-01", 1],
    ["2023-05-15", 1],
    ["2023-06-30", 1],
    ["2023-07-01", 2],
    ["2023-08-31", 2],
    ["2023-09-30", 2],
    ["2023-10-01", 3],
    ["2023-11-30", 3],
    ["2023-12-31", 3],
    ["2024-01-01", 4],
    ["2024-02-29", 4],
    ["2024-03-31", 4],
  ])("%s is in Q%i", (date, quarter) => {
    expect(financialQuarter(date)).toBe(quarter);
  });

  it("Q1 is April to June, Q2 July to September, Q3 October to December, Q4 January to March", () => {
    const expected = [4, 4, 4, 1, 1, 1, 2, 2, 2, 3, 3, 3];
    for (let month = 1; month <= 12; month++) {
      expect(financialQuarter(`2023-${String(month).padStart(2, "0")}-15`)).toBe(expected[month - 1]);
    }
  });

  it.each([
    [1, "2023-04-01", "2023-06-30"],
    [2, "2023-07-01", "2023-09-30"],
    [3, "2023-10-01", "2023-12-31"],
    [4, "2024-01-01", "2024-03-31"],
  ] as const)("Q%i of 2023-24 runs from %s to %s", (quarter, startsOn, endsOn) => {
    expect(quarterBounds(2023, quarter)).toEqual({ startsOn, endsOn });
  });

  it("the four quarters cover the financial year without gaps or overlaps", () => {
    for (const year of [2022, 2023, 2024]) {
      const fy = financialYearBounds(year);
      const quarters = ([1, 2, 3, 4] as const).map((q) => quarterBounds(year, q));
      expect(quarters[0].startsOn).toBe(fy.startsOn);
      expect(quarters[3].endsOn).toBe(fy.endsOn);
      for (let i = 1; i < 4; i++) {
        const previousEnd = parseIsoDate(quarters[i - 1].endsOn);
        const nextDay = new Date(previousEnd.getFullYear(), previousEnd.getMonth(), previousEnd.getDate() + 1);
        expect(quarters[i].startsOn).toBe(toIsoDate(nextDay));
      }
      quarters.forEach((bounds, i) => {
        expect(financialQuarter(bounds.startsOn)).toBe(i + 1);
        expect(financialQuarter(bounds.endsOn)).toBe(i + 1);
      });
    }
  });

  it("Q4 of a leap year's financial year ends on 31 March, not 29 February", () => {
    expect(quarterBounds(2023, 4).endsOn).toBe("2024-03-31");
  });

  it("labels a quarter with its months", () => {
    expect(quarterLabel("2023-24", 1)).toBe("2023-24 Q1 (Apr–Jun)");
    expect(quarterLabel("2023-24", 2)).toBe("2023-24 Q2 (Jul–Sep)");
    expect(quarterLabel("2023-24", 3)).toBe("2023-24 Q3 (Oct–Dec)");
    expect(quarterLabel("2023-24", 4)).toBe("2023-24 Q4 (Jan–Mar)");
  });

  it("names a quarter in short by its year's label, Q4 of 2023-24 falling in 2024", () => {
    expect(shortQuarterLabel(2023, 1)).toBe("2023-24 Q1");
    expect(shortQuarterLabel(2023, 4)).toBe("2023-24 Q4");
    expect(shortQuarterLabel(1999, 2)).toBe("1999-00 Q2");
  });
});

describe("how many months a project runs", () => {
  it("1 October 2023 to 31 March 2025 is 18 months", () => {
    expect(durationInMonths("2023-10-01", "2025-03-31")).toBe(18);
  });

  it("1 October 2023 to 1 April 2025 is 19 months (it runs into a nineteenth month)", () => {
    expect(durationInMonths("2023-10-01", "2025-04-01")).toBe(19);
  });

  it("a whole financial year is 12 months", () => {
    expect(durationInMonths("2023-04-01", "2024-03-31")).toBe(12);
  });

  it("a project that starts and ends in the same month runs 1 month", () => {
    expect(durationInMonths("2023-10-01", "2023-10-01")).toBe(1);
    expect(durationInMonths("2023-10-01", "2023-10-31")).toBe(1);
  });

  it("counts both the first and the last month, even if only a day of each", () => {
    expect(durationInMonths("2023-10-31", "2023-11-01")).toBe(2);
    expect(durationInMonths("2023-12-31", "2024-01-01")).toBe(2);
  });
});

describe("making a date from the day, month and year typed", () => {
  it("makes an ISO date from typed parts", () => {
    expect(isoDateFromParts("1", "10", "2023")).toBe("2023-10-01");
    expect(isoDateFromParts("01", "04", "2024")).toBe("2024-04-01");
    expect(isoDateFromParts("31", "12", "2023")).toBe("2023-12-31");
  });

  it("ignores spaces around what was typed", () => {
    expect(isoDateFromParts(" 1 ", " 10 ", " 2023 ")).toBe("2023-10-01");
  });

  it("accepts 29 February in a leap year", () => {
    expect(isoDateFromParts("29", "2", "2024")).toBe("2024-02-29");
    expect(isoDateFromParts("29", "2", "2000")).toBe("2000-02-29");
  });

  it("refuses 29 February in a year that is not a leap year", () => {
    expect(isoDateFromParts("29", "2", "2023")).toBeNull();
    expect(isoDateFromParts("29", "2", "1900")).toBeNull();
  });

  it.each([
    ["31", "2", "2024", "31 February"],
    ["30", "2", "2024", "30 February"],
    ["31", "4", "2024", "31 April"],
    ["31", "6", "2024", "31 June"],
    ["31", "9", "2024", "31 September"],
    ["31", "11", "2024", "31 November"],
    ["0", "1", "2024", "day 0"],
    ["32", "1", "2024", "day 32"],
    ["1", "0", "2024", "month 0"],
    ["1", "13", "2024", "month 13"],
  ])("refuses %s/%s/%s (%s)", (day, month, year) => {
    expect(isoDateFromParts(day, month, year)).toBeNull();
  });

  it.each([
    ["a", "1", "2024"],
    ["1", "Jan", "2024"],
    ["1", "1", "twenty"],
    ["", "1", "2024"],
    ["1", "", "2024"],
    ["1", "1", ""],
    ["1.5", "1", "2024"],
    ["-1", "1", "2024"],
    ["+1", "1", "2024"],
    ["1", "1", "24"],
    ["1", "1", "20245"],
    ["001", "1", "2024"],
    ["1", "1", "2 024"],
    ["1e1", "1", "2024"],
  ])("refuses day %j, month %j, year %j as not a date", (day, month, year) => {
    expect(isoDateFromParts(day, month, year)).toBeNull();
  });
});

describe("showing a date", () => {
  it.each([
    ["2023-10-01", "1 October 2023"],
    ["2024-03-31", "31 March 2024"],
    ["2024-02-29", "29 February 2024"],
    ["2000-01-09", "9 January 2000"],
  ])("shows %s as %s", (date, text) => {
    expect(formatDate(date)).toBe(text);
  });

  it("refuses to show something that is not a date", () => {
    expect(() => formatDate("2023-13-01")).toThrow(RangeError);
    expect(() => formatDate("yesterday")).toThrow(RangeError);
  });

  it("shows a time of day in the 12-hour clock with a lower-case am or pm", () => {
    expect(formatDateTime("2023-10-01T14:05:00")).toBe("1 October 2023 at 2:05pm");
    expect(formatDateTime("2023-10-01T09:30:00")).toBe("1 October 2023 at 9:30am");
    expect(formatDateTime("2023-10-01T00:00:00")).toBe("1 October 2023 at 12:00am");
    expect(formatDateTime("2023-10-01T12:00:00")).toBe("1 October 2023 at 12:00pm");
  });

  it("refuses to show a time that is not one", () => {
    expect(() => formatDateTime("not a time")).toThrow(RangeError);
  });

  it("toIsoDate and parseIsoDate agree", () => {
    for (const date of ["2023-10-01", "2024-02-29", "1999-12-31", "2024-03-31"]) {
      expect(toIsoDate(parseIsoDate(date))).toBe(date);
    }
  });
});

describe("dateBoxesExample", () => {
  it("is the date some days on, as the date boxes take it", () => {
    expect(dateBoxesExample("2026-12-01", 28)).toBe("29 12 2026");
    expect(dateBoxesExample("2026-12-10", 28)).toBe("7 1 2027");
  });
});

describe("which financial years to make", async () => {
  const { financialYearsToCreate, nextFinancialYear } = await import("./financial-years");
  it("an empty portal gets the year it is in", () => {
    expect(financialYearsToCreate([], "2026-12-01")).toEqual([2026]);
    expect(financialYearsToCreate([], "2026-04-01")).toEqual([2026]);
    expect(financialYearsToCreate([], "2027-03-31")).toEqual([2026, 2027]);
  });
  it("from 1 January it makes the next year too, and only what is missing", () => {
    expect(financialYearsToCreate([2026], "2026-12-31")).toEqual([]);
    expect(financialYearsToCreate([2026], "2027-01-01")).toEqual([2027]);
    expect(financialYearsToCreate([2026, 2027], "2027-02-15")).toEqual([]);
    expect(financialYearsToCreate([2023, 2024], "2026-06-01")).toEqual([2026]);
  });
  it("a year already there in the future is left alone", () => {
    expect(financialYearsToCreate([2028], "2026-12-01")).toEqual([2026]);
  });
  it("the next year to add follows the latest there is", () => {
    expect(nextFinancialYear([], "2026-12-01")).toBe(2026);
    expect(nextFinancialYear([2023, 2026, 2024], "2026-12-01")).toBe(2027);
  });
});
