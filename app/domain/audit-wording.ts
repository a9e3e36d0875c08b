import { formatDate, formatDateTime } from "./financial-years";
import { formatPence } from "./money";

/**
 * The audit log in words (decision record 034): each entry's before and after, as stored (JSON
 * text, or null), turned into lines a person can read. A field in both that changed reads
 * "Role: CSP lead → Administrator"; one only after reads "Role: Administrator"; one only before
 * reads "Role: was CSP lead". Money (a field named …Pence) is in pounds, dates are dates, times are
 * times, true/false are yes/no. Fields that did not change are left out.
 */

export interface AuditLine {
  field: string;
  from?: string;
  to?: string;
  kind: "changed" | "set" | "removed";
}

const ROLE_WORDS: Record<string, string> = { csp_lead: "CSP lead", opcc_reviewer: "OPCC reviewer", finance: "Finance", admin: "Administrator" };

/** "amountPence" → "Amount", "organisationId" → "Organisation id", "return_due_days" → "Return due days". */
export function fieldWords(key: string): string {
  const bare = key.replace(/Pence$/, "").replace(/_pence$/, "");
  const words = bare
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_.]+/g, " ")
    .trim()
    .toLowerCase();
  const text = words === "" ? key : words.replace(/\bid\b/g, "id");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** One value in words, knowing the field it belongs to. */
export function valueWords(key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") {
    if (/pence$/i.test(key) && Number.isInteger(value)) return formatPence(value);
    return value.toLocaleString("en-GB");
  }
  if (typeof value === "string") {
    if (key === "role" && ROLE_WORDS[value]) return ROLE_WORDS[value];
    if (ISO_DATE.test(value)) {
      try {
        return formatDate(value as never);
      } catch {
        return value;
      }
    }
    if (ISO_TIME.test(value) && !Number.isNaN(Date.parse(value))) return formatDateTime(value);
    return value;
  }
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map((v) => valueWords(key, v)).join(", ");
  if (typeof value === "object") {
    const parts = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${fieldWords(k).toLowerCase()} ${valueWords(k, v)}`);
    return parts.length === 0 ? "none" : parts.join("; ");
  }
  return String(value);
}

/** The stored text as an object of fields; anything else (a bare value, bad JSON) as one field "Value". */
function fieldsOf(stored: string | null): Record<string, unknown> | null {
  if (stored === null || stored === "") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return { value: stored };
  }
  if (parsed === null) return null;
  if (typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  return { value: parsed };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The entry's change, line by line, in the order its fields were recorded (after's first, then fields only before had). */
export function auditLines(before: string | null, after: string | null): AuditLine[] {
  const b = fieldsOf(before) ?? {};
  const a = fieldsOf(after) ?? {};
  const lines: AuditLine[] = [];
  const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
  for (const key of keys) {
    const inBefore = key in b && b[key] !== undefined;
    const inAfter = key in a && a[key] !== undefined;
    if (inBefore && inAfter) {
      if (same(b[key], a[key])) continue;
      lines.push({ field: fieldWords(key), from: valueWords(key, b[key]), to: valueWords(key, a[key]), kind: "changed" });
    } else if (inAfter) {
      lines.push({ field: fieldWords(key), to: valueWords(key, a[key]), kind: "set" });
    } else if (inBefore) {
      lines.push({ field: fieldWords(key), from: valueWords(key, b[key]), kind: "removed" });
    }
  }
  return lines;
}

/** A line as one sentence: "Role: CSP lead → Administrator". */
export function lineText(line: AuditLine): string {
  if (line.kind === "changed") return `${line.field}: ${line.from} → ${line.to}`;
  if (line.kind === "set") return `${line.field}: ${line.to}`;
  return `${line.field}: was ${line.from}`;
}

/** The whole change as text, lines joined by "; " (for the CSV). */
export const auditText = (before: string | null, after: string | null) => auditLines(before, after).map(lineText).join("; ");

/** "user.role_changed" → "User: role changed": the kind of an entry in words. */
export function actionWords(action: string): string {
  const [what, ...rest] = action.split(".");
  const thing = fieldWords(what ?? action);
  const done = rest.join(" ").replace(/_/g, " ").trim();
  return done ? `${thing}: ${done}` : thing;
}
