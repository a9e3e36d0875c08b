import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "../../app/data/db.server";
import { financeExportBatches } from "../../app/data/finance-export.server";
import { financeOverview } from "../../app/data/finance.server";
import { prepareDatabase } from "../../db/prepare";
import { TMP_DIR } from "../support/paths";
import { cspId, yearId } from "./helpers";

/** The finance export of the demo exactly as `npm start` seeds it: Melton's 2023-24, Drink Safe's part-approval and its clawback. */

const file = path.join(TMP_DIR, `exports-demo-${process.pid}.db`);
let previous: string | undefined;

beforeAll(async () => {
  previous = process.env.DATABASE_PATH;
  closeDb();
  process.env.DATABASE_PATH = file;
  expect(await prepareDatabase({ demo: true })).toEqual({ seeded: true, demo: true });
});

afterAll(() => {
  closeDb();
  process.env.DATABASE_PATH = previous;
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
});

describe("the demo's finance export", () => {
  it("adds up to Melton's 2023-24 reconciliation, and shows Drink Safe's part-approval and its clawback", () => {
    const rows = [...financeExportBatches({ financialYearId: yearId("2023-24"), cspId: cspId("melton") })].flat();
    const melton = financeOverview({ kind: "year", financialYearId: yearId("2023-24"), cspId: cspId("melton") }, { today: "2026-12-01" }).rows[0];
    const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + f(r), 0);
    expect(sum((r) => r.currentPence)).toBe(melton.approvedPence);
    expect(sum((r) => r.paidPence)).toBe(melton.paidPence);
    expect(sum((r) => r.spentPence)).toBe(melton.spentPence);
    expect(sum((r) => r.approvedPence + r.variedPence - r.currentPence)).toBe(0);
    // Ten grants: six annual bids, four Safer Streets 5.
    expect(new Set(rows.map((r) => r.reference))).toEqual(new Set(Array.from({ length: 10 }, (_, i) => `PCC/2023-24/${String(i + 1).padStart(3, "0")}`)));

    // Drink Safe: part-approved, £2,267.50 of the £3,035.00 asked; £142.50 of the covers unspent, returned and received.
    const drink = rows.filter((r) => r.grantTitle === "Drink Safe");
    expect(drink.map((r) => [r.description, r.approvedPence, r.currentPence, r.paidPence, r.spentPence, r.variancePence])).toEqual([
      ["Drink-spiking testing strips", 150_000, 150_000, 150_000, 150_000, 0],
      ["Drink covers", 76_750, 76_750, 76_750, 62_500, -14_250],
    ]);
    expect(sum((r) => (r.grantTitle === "Drink Safe" ? r.approvedPence : 0))).toBe(226_750);
    expect(drink.every((r) => r.underspendOutcome === "Returned £142.50 (clawback of £142.50 received)")).toBe(true);
    // The year's annual bids: the six decisions' lines add up to what the annual round granted Melton.
    const annual = rows.filter((r) => r.streamName === "Annual CSP allocation");
    expect(new Set(annual.map((r) => r.grantTitle)).size).toBe(6);
    // Target hardening's £1,500 carried forward into 2024-25: the 2023-24 line down, the 2024-25 line up.
    const target = rows.filter((r) => r.grantTitle === "Target hardening" && r.variedPence !== 0);
    expect(target.map((r) => [r.lineYearLabel, r.variedPence])).toEqual([
      ["2023-24", -150_000],
      ["2024-25", 150_000],
    ]);
    expect(target[0].underspendOutcome).toBe("Carried forward £1,500.00 into 2024-25");
  });
});
