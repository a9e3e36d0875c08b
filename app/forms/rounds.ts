import { z } from "zod";
import { parsePoundsToPence, parseScaledDecimal } from "../domain/money";
import { idField, optionalDateField, requiredText, versionField } from "./fields";
import { streamRuleFields } from "./streams";

/** Money where 0 is allowed (a central fund, a pot not yet known). */
const poundsOrZero = (what: string, { optional = false } = {}) =>
  z
    .string()
    .trim()
    .optional()
    .default("")
    .transform((v, ctx) => {
      if (v === "") {
        if (optional) return null;
        ctx.addIssue({ code: "custom", message: `Enter ${what}` });
        return z.NEVER;
      }
      const pence = v === "0" ? 0 : parsePoundsToPence(v);
      if (pence === null || pence > 100_000_000_000) {
        ctx.addIssue({ code: "custom", message: `${what.charAt(0).toUpperCase()}${what.slice(1)} must be an amount of money, like 31000` });
        return z.NEVER;
      }
      return pence;
    });

export const roundSchema = z
  .object({
    version: versionField.optional(),
    streamId: idField("Choose the funding stream"),
    financialYearId: idField("Choose the financial year"),
    name: requiredText("the round's name"),
    opensOn: optionalDateField("the opening date"),
    closesOn: optionalDateField("the closing date"),
    totalPot: poundsOrZero("the total pot"),
    centralFund: poundsOrZero("the central fund"),
    overProgramming: z
      .string()
      .trim()
      .optional()
      .default("0")
      .transform((v, ctx) => {
        const bp = parseScaledDecimal(v === "" ? "0" : v, 2);
        if (bp === null || bp > 5000) {
          ctx.addIssue({ code: "custom", message: "The over-programming margin must be a percentage from 0 to 50, like 10" });
          return z.NEVER;
        }
        return bp;
      }),
    maxPerCsp: poundsOrZero("the most one partnership may be allocated", { optional: true }),
    ...streamRuleFields,
  })
  .superRefine((v, ctx) => {
    if (!v.opensOn) ctx.addIssue({ code: "custom", path: ["opensOn"], message: "Enter the opening date" });
    if (!v.closesOn) ctx.addIssue({ code: "custom", path: ["closesOn"], message: "Enter the closing date" });
    if (v.opensOn && v.closesOn && v.closesOn < v.opensOn) ctx.addIssue({ code: "custom", path: ["closesOn"], message: "The closing date must be on or after the opening date" });
    if (typeof v.centralFund === "number" && typeof v.totalPot === "number" && v.centralFund > v.totalPot) {
      ctx.addIssue({ code: "custom", path: ["centralFund"], message: "The central fund cannot be more than the total pot" });
    }
  })
  .transform((v) => ({
    version: v.version,
    input: {
      streamId: v.streamId,
      financialYearId: v.financialYearId,
      name: v.name,
      opensOn: v.opensOn!,
      closesOn: v.closesOn!,
      totalPotPence: v.totalPot as number,
      centralFundPence: v.centralFund as number,
      overProgrammingBasisPoints: v.overProgramming,
      maxPerCspPence: v.maxPerCsp,
      maySpanYears: v.maySpanYears,
      maxDurationMonths: v.maxDurationMonths,
      matchFundingRequired: v.matchFundingRequired,
      acceptByDays: v.acceptByDays,
      returnDueDays: v.returnDueDays,
      toleranceBasisPoints: v.tolerance,
      certificationRequired: v.certificationRequired,
      virementCapPence: v.virementCap,
    },
  }));

/** Opening a draft round, or closing an open one by hand, which needs the reason (it stops partnerships starting and submitting bids). */
export const statusSchema = z
  .object({
    version: versionField,
    status: z.enum(["open", "closed"], { errorMap: () => ({ message: "Choose open or closed" }) }),
    closeReason: z.string().trim().max(1000, "The reason must be 1,000 characters or fewer").optional().default(""),
  })
  .superRefine((v, ctx) => {
    if (v.status === "closed" && !v.closeReason) ctx.addIssue({ code: "custom", path: ["closeReason"], message: "Enter why the round is being closed early" });
  })
  .transform((v) => ({ version: v.version, change: v.status === "open" ? ({ status: "open" } as const) : ({ status: "closed", reason: v.closeReason } as const) }));

const REASON_MISSING = { extend: "Enter why the closing date is being extended", reopen: "Enter why the round is being reopened" } as const;

/** Extending an open round's closing date, or reopening a closed round: a new date and the reason, both required. */
export const closingDateSchema = (change: "extend" | "reopen") =>
  z
    .object({
      version: versionField,
      closingDate: optionalDateField("the new closing date"),
      reason: z
        .string({ required_error: REASON_MISSING[change], invalid_type_error: REASON_MISSING[change] })
        .trim()
        .min(1, REASON_MISSING[change])
        .max(1000, "The reason must be 1,000 characters or fewer"),
    })
    .superRefine((v, ctx) => {
      if (!v.closingDate) ctx.addIssue({ code: "custom", path: ["closingDate"], message: "Enter the new closing date" });
    })
    .transform((v) => ({ version: v.version, closesOn: v.closingDate!, reason: v.reason }));

/** Allocations typed in: allocation.csp<ID> = pounds. */
export const allocationsSchema = z.object({
  version: versionField,
  /** A blank box leaves that partnership without an allocation (it cannot bid in the round). */
  allocation: z.record(z.string().regex(/^csp\d{1,10}$/), poundsOrZero("the allocation", { optional: true })).optional().default({}),
});

const weight = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const w = parseScaledDecimal(v, 4);
    if (w === null || w > 1_000_000 * 10_000) {
      ctx.addIssue({ code: "custom", message: "The weight must be a number of 0 or more, like 0.5 or 50" });
      return z.NEVER;
    }
    return w / 10_000;
  });

const indicatorValue = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const n = parseScaledDecimal(v, 4);
    if (n === null) {
      ctx.addIssue({ code: "custom", message: "Enter a number of 0 or more, like 51800 or 21.3" });
      return z.NEVER;
    }
    return n / 10_000;
  });

/** indicators.N.label, indicators.N.weight and indicators.N.csp<ID> (the CSP's value). */
export const formulaSchema = z.object({
  version: versionField,
  indicators: z
    .array(z.record(z.string(), z.string()).optional())
    .optional()
    .default([])
    .transform((rows) => rows.map((r, index) => ({ index, row: r ?? {} })).filter(({ row }) => Object.values(row).some((v) => v.trim() !== "")))
    .superRefine((rows, ctx) => {
      for (const { index, row } of rows) {
        if (!row.label?.trim()) ctx.addIssue({ code: "custom", path: [index, "label"], message: "Enter the indicator's name" });
        if (!weight.safeParse(row.weight ?? "").success) ctx.addIssue({ code: "custom", path: [index, "weight"], message: "The weight must be a number of 0 or more, like 0.5 or 50" });
        for (const [key, value] of Object.entries(row)) {
          if (/^csp\d{1,10}$/.test(key) && !indicatorValue.safeParse(value).success) {
            ctx.addIssue({ code: "custom", path: [index, key], message: "Enter a number of 0 or more, like 51800 or 21.3" });
          }
        }
      }
    })
    .transform((rows) =>
      rows.map(({ index, row }) => ({
        key: `i${index + 1}`,
        label: (row.label ?? "").trim().slice(0, 100),
        weight: weight.safeParse(row.weight ?? "").data ?? 0,
        values: Object.fromEntries(
          Object.entries(row)
            .filter(([k]) => /^csp\d{1,10}$/.test(k))
            .map(([k, v]) => [Number(k.slice(3)), indicatorValue.safeParse(v).data ?? 0]),
        ) as Record<number, number>,
      })),
    ),
});
