/**
 * Money is integer pence. A unit price may have four decimal places of a pound and is held as an
 * integer of ten-thousandths of a pound (£0.1535 → 1535). Quantities may have two decimal places
 * and are held in hundredths (2.5 → 250).
 */

export type Pence = number;

/**
 * quantity × unit price, rounded half-up to the penny.
 * hundredths × ten-thousandths = 1/1,000,000 £ = 1/10,000 p, so divide by 10,000 rounding half up.
 * BigInt keeps large products exact.
 */
export function lineTotalPence(quantityHundredths: number, unitPriceTenThousandths: number): Pence {
  if (quantityHundredths < 0 || unitPriceTenThousandths < 0) {
    throw new RangeError("Quantities and prices are never negative");
  }
  const product = BigInt(quantityHundredths) * BigInt(unitPriceTenThousandths);
  return Number((product + 5000n) / 10000n);
}

export function sumPence(values: Iterable<Pence>): Pence {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

const groupThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** £1,535.00; −£12.30 for a negative amount. */
export function formatPence(pence: Pence): string {
  const sign = pence < 0 ? "−" : "";
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100);
  const pennies = abs % 100;
  return `${sign}£${groupThousands(String(pounds))}.${String(pennies).padStart(2, "0")}`;
}

/** A unit price shows at least two and at most four decimal places: £38.39, £0.1535. */
export function formatUnitPrice(tenThousandths: number): string {
  const pounds = Math.floor(tenThousandths / 10000);
  let fraction = String(tenThousandths % 10000).padStart(4, "0");
  fraction = fraction.replace(/0{1,2}$/, "");
  if (fraction.length < 2) fraction = fraction.padEnd(2, "0");
  return `£${groupThousands(String(pounds))}.${fraction}`;
}

export function formatQuantity(hundredths: number): string {
  const whole = Math.floor(hundredths / 100);
  const fraction = hundredths % 100;
  const wholeText = groupThousands(String(whole));
  if (fraction === 0) return wholeText;
  return `${wholeText}.${String(fraction).padStart(2, "0").replace(/0$/, "")}`;
}

/**
 * Reads a decimal typed by a person ("1,535", "£0.1535", " 12.5 ") as an integer scaled by
 * 10^places. Returns null for anything that is not a plain non-negative number with at most
 * `places` decimal places.
 */
export function parseScaledDecimal(input: string, places: number): number | null {
  const typed = input.trim().replace(/^£/, "").trim();
  // Commas only as thousands separators: "1,535" is £1,535, but "1,5" is not a number.
  if (typed.includes(",") && !/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(typed)) return null;
  const cleaned = typed.replace(/,/g, "");
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return null;
  const [, whole, fraction = ""] = match;
  if (fraction.length > places) return null;
  if (whole.length > 15) return null;
  const scaled = BigInt(whole) * 10n ** BigInt(places) + BigInt(fraction.padEnd(places, "0") || "0");
  if (scaled > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(scaled);
}

/**
 * Whether what was typed is a plain number refused only for having more than `places` decimal
 * places ("1.234" for a quantity), so the message can say that rather than "must be a number".
 */
export function hasTooManyDecimalPlaces(input: string, places: number): boolean {
  const typed = input.trim().replace(/^£/, "").trim();
  const match = /^(?:\d+|\d{1,3}(?:,\d{3})+)\.(\d+)$/.exec(typed);
  return match !== null && match[1].length > places;
}

export const parsePoundsToPence = (input: string) => parseScaledDecimal(input, 2);
export const parseUnitPrice = (input: string) => parseScaledDecimal(input, 4);
export const parseQuantity = (input: string) => parseScaledDecimal(input, 2);

/** Plain text for a form field: 153500 → "1535.00". */
export const penceToInput = (pence: number) => `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, "0")}`;
export function unitPriceToInput(tenThousandths: number) {
  return formatUnitPrice(tenThousandths).replace(/^£/, "").replace(/,/g, "");
}
export const quantityToInput = (hundredths: number) => formatQuantity(hundredths).replace(/,/g, "");
