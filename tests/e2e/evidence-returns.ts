import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect } from "./fixtures";
import { formToken } from "./support";
import { openDatabase } from "../../app/data/db.server";
import { acceptOfferForTest, editableReturnOf, grantOfBid, leadOfGrant } from "../support/accepted-return";

/**
 * The evidence page of a return of a demo grant that still takes files, found in the served
 * database itself (the file playwright.config.ts gives the server). The demo's Safer Streets 5
 * solar lighting grant has its last quarter's return in progress. Should a grant's offer still be
 * open, it is accepted and its returns made (tests/support/accepted-return.ts); safe to call from
 * every worker at once.
 */
export function evidencePageOf(bidTitle = "Solar lighting at Play Close Park"): string {
  const { db, sqlite } = openDatabase(path.resolve(`tests/.tmp/e2e-${process.env.E2E_PORT}/portal.db`));
  try {
    const grantId = grantOfBid(db, bidTitle);
    if (!grantId) throw new Error(`The demo has no grant for ${bidTitle}`);
    acceptOfferForTest(db, grantId, leadOfGrant(db, grantId));
    const returnId = editableReturnOf(db, grantId);
    if (!returnId) throw new Error(`${bidTitle} has no return that still takes files`);
    return `/grants/${grantId}/returns/${returnId}/evidence`;
  } finally {
    sqlite.close();
  }
}

/**
 * Uploads a file to an evidence page as its form would (the token first), from a signed-in
 * browser context's own request context, without opening the page: for the specs that only need
 * a file to be there.
 */
export async function uploadQuickly(request: APIRequestContext, pagePath: string, file: { name: string; mimeType: string; buffer: Buffer }, description = ""): Promise<void> {
  const csrf = await formToken(request, pagePath);
  const response = await request.post(pagePath, { multipart: { csrf, file, description }, maxRedirects: 0 });
  expect(response.status(), `uploading ${file.name}`).toBe(302);
}
