import { Readable } from "node:stream";
import { addDays } from "date-fns";
import { asc, eq } from "drizzle-orm";
import { db } from "../app/data/db.server";
import { addEvidence } from "../app/data/evidence.server";
import { parseIsoDate, toIsoDate } from "../app/domain/financial-years";
import { formatPence, lineTotalPence } from "../app/domain/money";
import { returnPeriodLabel } from "../app/domain/return-periods";
import { sampleCsv, samplePdf, samplePng } from "./evidence-samples";
import * as s from "./schema";

/**
 * The demo's evidence files: for each return given, a few small, valid files, uploaded by the given
 * user a week or two after the quarter ended, through the portal's own `addEvidence` (every check an
 * upload gets, files written to the evidence folder, rows audited):
 *   - every return: a PDF invoice for its grant's first cost line, a quarter of the line's cost;
 *   - every other return: a PNG photo of the work;
 *   - every third return: a CSV of the quarter's spend on each line.
 *
 * Call it on the `db()` connection (DATABASE_PATH) once the returns exist and before they are
 * submitted (a submitted return takes no files), outside any transaction: file work is async.
 *   await seedDemoEvidence([{ returnId, userId: meltonLeadId }, …]);
 * Returns how many files it attached.
 */
export async function seedDemoEvidence(targets: { returnId: number; userId: number }[]): Promise<number> {
  let made = 0;
  for (const [i, target] of targets.entries()) made += await attachDemoEvidence(target.returnId, target.userId, i);
  return made;
}

/** The files for one return (`n` varies which ones and their look). Returns how many were attached. */
export async function attachDemoEvidence(returnId: number, userId: number, n = 0): Promise<number> {
  const ret = db()
    .select({
      id: s.grantReturns.id, startYear: s.grantReturns.startYear, quarter: s.grantReturns.quarter, periodEnd: s.grantReturns.periodEnd,
      bidId: s.grants.bidId, title: s.bids.title, acceptedAt: s.grants.respondedAt,
    })
    .from(s.grantReturns)
    .innerJoin(s.grants, eq(s.grants.id, s.grantReturns.grantId))
    .innerJoin(s.bids, eq(s.bids.id, s.grants.bidId))
    .where(eq(s.grantReturns.id, returnId))
    .get();
  if (!ret) throw new Error(`No return ${returnId} for the demo's evidence`);
  const lines = db()
    .select({ description: s.bidCostLines.description, quantity: s.bidCostLines.quantityHundredths, unitPrice: s.bidCostLines.unitPriceTenThousandths })
    .from(s.bidCostLines)
    .where(eq(s.bidCostLines.bidId, ret.bidId))
    .orderBy(asc(s.bidCostLines.position))
    .all()
    .map((l) => ({ description: l.description, quarterPence: Math.round(lineTotalPence(l.quantity, l.unitPrice) / 4) }));
  const period = returnPeriodLabel(ret.startYear, ret.quarter);
  // A week or two after the quarter ended, or after the offer was accepted if that was later: the
  // return did not exist before.
  const from = ret.acceptedAt && ret.acceptedAt.slice(0, 10) > ret.periodEnd ? ret.acceptedAt.slice(0, 10) : ret.periodEnd;
  const at = (days: number, hour: number) => `${toIsoDate(addDays(parseIsoDate(from), days))}T${String(hour).padStart(2, "0")}:15:00.000Z`;
  const invoiceNo = `INV-${ret.startYear}-${String(ret.id).padStart(4, "0")}`;
  const files: { name: string; data: Buffer; description: string; at: string }[] = [];
  const first = lines[0] ?? { description: ret.title, quarterPence: 0 };
  files.push({
    name: `Invoice ${invoiceNo}.pdf`,
    data: samplePdf([
      `INVOICE ${invoiceNo}`,
      `Date: ${ret.periodEnd}`,
      `For: ${ret.title}`,
      `${first.description}: ${formatPence(first.quarterPence)}`,
      `Total due: ${formatPence(first.quarterPence)}`,
      "Payment terms: 30 days",
    ]),
    description: `Invoice for ${first.description.toLowerCase()}, ${period}`,
    at: at(6, 9),
  });
  if (n % 2 === 0) {
    files.push({ name: `Photo of the work, ${period.split(" (")[0]}.png`, data: samplePng(64, 40, n), description: `${ret.title}: the work at the end of the quarter`, at: at(8, 13) });
  }
  if (n % 3 === 0) {
    files.push({
      name: `Spend ${ret.startYear}-Q${ret.quarter}.csv`,
      data: sampleCsv([["Cost line", "Spent this quarter (£)"], ...lines.map((l) => [l.description, (l.quarterPence / 100).toFixed(2)])]),
      description: `Spend on each cost line, ${period}`,
      at: at(10, 11),
    });
  }
  let made = 0;
  for (const f of files) {
    const kept = await addEvidence(Readable.from([f.data]), { returnId, userId, fileName: f.name, description: f.description }, f.at);
    if (kept.kind !== "saved") throw new Error(`The demo's evidence for return ${returnId} was refused: ${kept.message}`);
    made += 1;
  }
  return made;
}
