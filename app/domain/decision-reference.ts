/**
 * PCC decision references: unique, sequential and gap-free within a financial year, in a format the
 * OPCC configures. `{year}` is the financial year ("2023-24"); `{seq}` the number, zero-padded to
 * `{seq:N}` digits (3 by default). Default: PCC/{year}/{seq:3} → PCC/2023-24/001.
 */

export const DEFAULT_REFERENCE_FORMAT = "PCC/{year}/{seq:3}";

const TOKENS = /\{(year|seq(?::[1-9])?)\}/g;

/** Has exactly one number in it, and no braces other than the known tokens. */
export function isValidReferenceFormat(format: string): boolean {
  const numbers = format.match(/\{seq(?::[1-9])?\}/g) ?? [];
  return numbers.length === 1 && format.length <= 60 && !/[{}]/.test(format.replace(TOKENS, ""));
}

export function formatDecisionReference(format: string, financialYear: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError("Decision numbers start at 1");
  if (!isValidReferenceFormat(format)) throw new RangeError(`Not a reference format: ${format}`);
  return format
    .replace(/\{year\}/g, financialYear)
    .replace(/\{seq(?::([1-9]))?\}/g, (_m, width?: string) => String(sequence).padStart(Number(width ?? 3), "0"));
}
