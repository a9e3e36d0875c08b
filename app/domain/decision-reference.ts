/**
 * PCC decision references: unique, sequential and gap-free within a financial year, in a format the
 * OPCC configures. `{year}` is the financial year ("2023-24"); `{seq}` the number, zero-padded to
 * `{seq:N}` digits (3 by default). Default: PCC/{year}/{seq:3} → PCC/2023-24/001.
 */

export const DEFAULT_REFERENCE_FORMAT = "PCC/{year}/{seq:3}";

const TOKENS = /\{(year|seq(?::[1-9])?)\}/g;

export const MAX_FORMAT_LENGTH = 60;

/**
 * What is wrong with a reference format, or null. It needs the number exactly once, and the year:
 * numbers start again at 1 each financial year, so without the year references would repeat.
 */
export function referenceFormatProblem(format: string): string | null {
  if (format.trim() === "") return "Enter the reference format";
  if (format.length > MAX_FORMAT_LENGTH) return `The reference format must be ${MAX_FORMAT_LENGTH} characters or fewer`;
  if (/[{}]/.test(format.replace(TOKENS, ""))) return "Only {year}, {seq} and {seq:N} (N from 1 to 9) may be written in braces";
  const numbers = format.match(/\{seq(?::[1-9])?\}/g) ?? [];
  if (numbers.length === 0) return "Put {seq} (or {seq:3}) where the decision's number goes";
  if (numbers.length > 1) return "Use {seq} only once: a reference has one number";
  if (!/\{year\}/.test(format)) return "Put {year} in the format: numbers start again each financial year, so references need the year to be unique";
  if (/\s/.test(format)) return "The reference format cannot contain spaces";
  return null;
}

export const isValidReferenceFormat = (format: string) => referenceFormatProblem(format) === null;

export function formatDecisionReference(format: string, financialYear: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError("Decision numbers start at 1");
  if (!isValidReferenceFormat(format)) throw new RangeError(`Not a reference format: ${format}`);
  return format
    .replace(/\{year\}/g, financialYear)
    .replace(/\{seq(?::([1-9]))?\}/g, (_m, width?: string) => String(sequence).padStart(Number(width ?? 3), "0"));
}
