import { z } from "zod";

/**
 * The /transparency query string: financial year ("2023-24"), partnership and stream (by their
 * codes: "melton", "safer-streets-5"), and the page of grants and of allocations. Unlike the
 * portal's own lists, a value that is not one of the choices is refused (400, with an error
 * summary), so that a published link never quietly shows something other than it says.
 */
const choice = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((v) => (v ? v : undefined));

const pageNumber = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || v === "" || (/^\d{1,6}$/.test(v) && Number(v) >= 1), { message })
    .transform((v) => (v ? Number(v) : 1));

export const transparencyQuerySchema = z.object({
  fy: choice,
  csp: choice,
  stream: choice,
  page: pageNumber("Page must be a whole number, 1 or more"),
  apage: pageNumber("Allocations page must be a whole number, 1 or more"),
});

export interface TransparencyChoices {
  years: { id: number; label: string }[];
  csps: { id: number; code: string; name: string }[];
  streams: { id: number; code: string; name: string }[];
}

export type TransparencyQuery =
  | { ok: true; values: Record<"fy" | "csp" | "stream", string>; filters: { yearId?: number; cspId?: number; streamId?: number }; page: number; apage: number }
  | { ok: false; values: Record<"fy" | "csp" | "stream", string>; errors: { field: string; message: string }[] };

/** Reads the query string against the choices there are. */
export function parseTransparencyQuery(params: URLSearchParams, choices: TransparencyChoices): TransparencyQuery {
  const raw = { fy: params.get("fy") ?? undefined, csp: params.get("csp") ?? undefined, stream: params.get("stream") ?? undefined, page: params.get("page") ?? undefined, apage: params.get("apage") ?? undefined };
  const values = { fy: (raw.fy ?? "").slice(0, 100), csp: (raw.csp ?? "").slice(0, 100), stream: (raw.stream ?? "").slice(0, 100) };
  const parsed = transparencyQuerySchema.safeParse(raw);
  const errors: { field: string; message: string }[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "fy");
      errors.push({ field, message: field === "fy" || field === "csp" || field === "stream" ? CHOOSE[field] : issue.message });
    }
    return { ok: false, values, errors };
  }
  const q = parsed.data;
  const year = q.fy === undefined ? undefined : choices.years.find((y) => y.label === q.fy);
  const csp = q.csp === undefined ? undefined : choices.csps.find((c) => c.code === q.csp);
  const stream = q.stream === undefined ? undefined : choices.streams.find((s) => s.code === q.stream);
  if (q.fy !== undefined && !year) errors.push({ field: "fy", message: CHOOSE.fy });
  if (q.csp !== undefined && !csp) errors.push({ field: "csp", message: CHOOSE.csp });
  if (q.stream !== undefined && !stream) errors.push({ field: "stream", message: CHOOSE.stream });
  if (errors.length) return { ok: false, values, errors };
  return { ok: true, values, filters: { yearId: year?.id, cspId: csp?.id, streamId: stream?.id }, page: q.page, apage: q.apage };
}

const CHOOSE = {
  fy: "Select a financial year from the list",
  csp: "Select a partnership from the list",
  stream: "Select a funding stream from the list",
} as const;
