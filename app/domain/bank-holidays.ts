/**
 * Bank holidays in England and Wales, 2023 to 2030, as published on gov.uk
 * (https://www.gov.uk/bank-holidays, the "england-and-wales" list of bank-holidays.json) for the
 * years it lists, and for the later years by the same rules: New Year's Day, Good Friday, Easter
 * Monday, the early May bank holiday (first Monday in May), the spring bank holiday (last Monday in
 * May), the summer bank holiday (last Monday in August), Christmas Day and Boxing Day, a holiday
 * that falls on a weekend moved to the next weekday that is not already one (a "substitute day").
 * The one extra day in these years is the coronation of King Charles III (Monday 8 May 2023).
 *
 * A year beyond 2030 needs adding here (from gov.uk, once announced): working-days.test.ts checks
 * every year against the rules and fails when the years in use run past the list.
 */

export interface BankHoliday {
  date: string;
  title: string;
}

export const BANK_HOLIDAYS_FROM = 2023;
export const BANK_HOLIDAYS_TO = 2030;

export const ENGLAND_AND_WALES_BANK_HOLIDAYS: readonly BankHoliday[] = [
  // 2023
  { date: "2023-01-02", title: "New Year’s Day (substitute day)" },
  { date: "2023-04-07", title: "Good Friday" },
  { date: "2023-04-10", title: "Easter Monday" },
  { date: "2023-05-01", title: "Early May bank holiday" },
  { date: "2023-05-08", title: "Bank holiday for the coronation of King Charles III" },
  { date: "2023-05-29", title: "Spring bank holiday" },
  { date: "2023-08-28", title: "Summer bank holiday" },
  { date: "2023-12-25", title: "Christmas Day" },
  { date: "2023-12-26", title: "Boxing Day" },
  // 2024
  { date: "2024-01-01", title: "New Year’s Day" },
  { date: "2024-03-29", title: "Good Friday" },
  { date: "2024-04-01", title: "Easter Monday" },
  { date: "2024-05-06", title: "Early May bank holiday" },
  { date: "2024-05-27", title: "Spring bank holiday" },
  { date: "2024-08-26", title: "Summer bank holiday" },
  { date: "2024-12-25", title: "Christmas Day" },
  { date: "2024-12-26", title: "Boxing Day" },
  // 2025
  { date: "2025-01-01", title: "New Year’s Day" },
  { date: "2025-04-18", title: "Good Friday" },
  { date: "2025-04-21", title: "Easter Monday" },
  { date: "2025-05-05", title: "Early May bank holiday" },
  { date: "2025-05-26", title: "Spring bank holiday" },
  { date: "2025-08-25", title: "Summer bank holiday" },
  { date: "2025-12-25", title: "Christmas Day" },
  { date: "2025-12-26", title: "Boxing Day" },
  // 2026
  { date: "2026-01-01", title: "New Year’s Day" },
  { date: "2026-04-03", title: "Good Friday" },
  { date: "2026-04-06", title: "Easter Monday" },
  { date: "2026-05-04", title: "Early May bank holiday" },
  { date: "2026-05-25", title: "Spring bank holiday" },
  { date: "2026-08-31", title: "Summer bank holiday" },
  { date: "2026-12-25", title: "Christmas Day" },
  { date: "2026-12-28", title: "Boxing Day (substitute day)" },
  // 2027
  { date: "2027-01-01", title: "New Year’s Day" },
  { date: "2027-03-26", title: "Good Friday" },
  { date: "2027-03-29", title: "Easter Monday" },
  { date: "2027-05-03", title: "Early May bank holiday" },
  { date: "2027-05-31", title: "Spring bank holiday" },
  { date: "2027-08-30", title: "Summer bank holiday" },
  { date: "2027-12-27", title: "Christmas Day (substitute day)" },
  { date: "2027-12-28", title: "Boxing Day (substitute day)" },
  // 2028
  { date: "2028-01-03", title: "New Year’s Day (substitute day)" },
  { date: "2028-04-14", title: "Good Friday" },
  { date: "2028-04-17", title: "Easter Monday" },
  { date: "2028-05-01", title: "Early May bank holiday" },
  { date: "2028-05-29", title: "Spring bank holiday" },
  { date: "2028-08-28", title: "Summer bank holiday" },
  { date: "2028-12-25", title: "Christmas Day" },
  { date: "2028-12-26", title: "Boxing Day" },
  // 2029
  { date: "2029-01-01", title: "New Year’s Day" },
  { date: "2029-03-30", title: "Good Friday" },
  { date: "2029-04-02", title: "Easter Monday" },
  { date: "2029-05-07", title: "Early May bank holiday" },
  { date: "2029-05-28", title: "Spring bank holiday" },
  { date: "2029-08-27", title: "Summer bank holiday" },
  { date: "2029-12-25", title: "Christmas Day" },
  { date: "2029-12-26", title: "Boxing Day" },
  // 2030
  { date: "2030-01-01", title: "New Year’s Day" },
  { date: "2030-04-19", title: "Good Friday" },
  { date: "2030-04-22", title: "Easter Monday" },
  { date: "2030-05-06", title: "Early May bank holiday" },
  { date: "2030-05-27", title: "Spring bank holiday" },
  { date: "2030-08-26", title: "Summer bank holiday" },
  { date: "2030-12-25", title: "Christmas Day" },
  { date: "2030-12-26", title: "Boxing Day" },
];
