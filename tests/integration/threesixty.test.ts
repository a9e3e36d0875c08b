import fs from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "../../app/data/db.server";
import { threeSixtyConfig, threeSixtyCsv, threeSixtyFile } from "../../app/data/threesixty.server";
import { THREESIXTY_CSV_COLUMNS } from "../../app/domain/threesixty";
import { applyQualityChecks } from "../../app/domain/threesixty-quality";
import * as json from "../../app/routes/exports.360giving[.json]";
import * as csv from "../../app/routes/exports.360giving[.csv]";
import { prepareDatabase } from "../../db/prepare";
import { TMP_DIR } from "../support/paths";
import { request } from "../support/requests";

/**
 * The demo's 360Giving data package, as `npm start` seeds the demo (Melton's 2023-24 grants, Drink
 * Safe part-approved, four Safer Streets 5 grants, payments made), validated against the
 * 360Giving 1.4.3 schemas shipped in tests/fixtures/360giving with Ajv's 2020-12 build and
 * ajv-formats, checked against the records, and put through the quality checks.
 */

const SCHEMAS = path.join(__dirname, "..", "fixtures", "360giving");
const GRANT_SCHEMA_AS_REFERRED = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json";

function packageValidator() {
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), "utf8"));
  // The shipped schemas name the 2020-12 meta-schema over http; Ajv knows it by its https address.
  const https = <T extends { $schema?: string }>(schema: T): T => ({ ...schema, $schema: schema.$schema?.replace(/^http:/, "https:") });
  const grant = https(read("360-giving-schema.json"));
  const pkg = https(read("360-giving-package-schema.json"));
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, strictTuples: false });
  addFormats(ajv);
  // 360Giving's own annotations (strict mode refuses a keyword it does not know). The grant schema
  // lists the required properties under oneOf, beside the properties: strictRequired would refuse that.
  for (const keyword of ["codelist", "openCodelist", "rollUp"]) ajv.addKeyword(keyword);
  // The package schema refers to the grant schema by its 1.4.2 address; the grant schema's own $id is 1.4.3.
  ajv.addSchema(grant);
  ajv.addSchema({ ...grant, $id: GRANT_SCHEMA_AS_REFERRED });
  return ajv.compile(pkg);
}

const file = path.join(TMP_DIR, `threesixty-${process.pid}.db`);
let previous: string | undefined;

beforeAll(async () => {
  previous = process.env.DATABASE_PATH;
  closeDb();
  process.env.DATABASE_PATH = file;
  expect(await prepareDatabase({ demo: true })).toEqual({ seeded: true, demo: true });
}, 120_000);

afterAll(() => {
  closeDb();
  process.env.DATABASE_PATH = previous;
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
});

type Grant = Record<string, any>;
const fetchPackage = async () => {
  const res = (await json.loader({ request: await request(null, "/exports/360giving.json"), params: {}, context: {} })) as Response;
  return { res, body: JSON.parse(await res.text()) as { grants: Grant[]; description: string } };
};
const byTitle = (grants: Grant[], title: string) => grants.find((g) => g.title === title)!;

describe("the demo's 360Giving package", () => {
  it("validates against the 360Giving package and grant schemas", async () => {
    const validate = packageValidator();
    const { res, body } = await fetchPackage();
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    const ok = validate(body);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("the validator does refuse a broken package (so the pass above means something)", async () => {
    const validate = packageValidator();
    const { body } = await fetchPackage();
    expect(validate({ ...body, grants: [{ ...body.grants[0], amountAwarded: "2535" }] })).toBe(false);
    const { recipientOrganization: _r, ...noRecipient } = body.grants[0];
    expect(validate({ ...body, grants: [noRecipient] })).toBe(false);
    expect(validate({ ...body, grants: [{ ...body.grants[0], awardDate: "20 July 2023" }] })).toBe(false);
    expect(validate({ ...body, grants: [] })).toBe(false);
  });

  it("holds every published demo grant, with figures from the records", async () => {
    const { body } = await fetchPackage();
    const expected = db().get<{ n: number }>(sql`select count(*) as n from grants g join decisions d on d.id = g.decision_id
      where g.withdrawn_at is null and g.offer_status <> 'declined' and d.publishable = 1 and d.outcome <> 'rejected'`)!.n;
    expect(expected).toBeGreaterThanOrEqual(10);
    expect(body.grants).toHaveLength(expected);
    const drinkSafe = byTitle(body.grants, "Drink Safe");
    const reference = db().get<{ reference: string; decidedOn: string; paid: number }>(sql`
      select d.reference, d.decided_on as decidedOn, (select coalesce(sum(p.amount_pence), 0) from payments p where p.grant_id = g.id) as paid
        from grants g join decisions d on d.id = g.decision_id join bids b on b.id = g.bid_id where b.title = 'Drink Safe'`)!;
    expect(drinkSafe.id).toBe(`360G-lpcc-${reference.reference.replace(/\//g, "-")}`);
    expect(drinkSafe.id).not.toContain("/");
    expect(drinkSafe.awardDate).toBe(reference.decidedOn);
    expect(drinkSafe.amountDisbursed).toBe(reference.paid / 100);
    // Part-approved: less was granted than was asked for.
    expect(drinkSafe.amountAwarded).toBeLessThan(drinkSafe.amountAppliedFor);
    expect(drinkSafe.recipientOrganization).toEqual([{ id: "GB-LAE-MEL", name: "Melton Borough Council", department: "Safer Melton Partnership" }]);
    expect(drinkSafe.beneficiaryLocation[0]).toMatchObject({ geoCode: "E07000133", geoCodeType: "NMD" });
    expect(drinkSafe.grantProgramme).toEqual([{ code: "csp-annual", title: "Annual CSP allocation" }]);
    expect(new Set(body.grants.flatMap((g) => g.fundingOrganization.map((o: { id: string }) => o.id))).size).toBe(1);
    // Safer Streets 5 runs across years: its planned dates are the grant's, as extended.
    const ss5 = body.grants.filter((g) => g.grantProgramme[0].code === "safer-streets-5");
    expect(ss5.length).toBeGreaterThanOrEqual(4);
    for (const g of ss5) expect(g.plannedDates[0].startDate >= "2023-10-01").toBe(true);
    // What the file says was awarded is what the decisions grant, summed.
    const awarded = body.grants.reduce((n, g) => n + Math.round(g.amountAwarded * 100), 0);
    const granted = db().get<{ total: number }>(sql`select coalesce(sum(max(0, (select coalesce(sum(dl.approved_pence), 0) from decision_lines dl where dl.decision_id = d.id)
        - (select coalesce(sum(m.amount_pence), 0) from bid_match_funding m where m.bid_id = d.bid_id))), 0) as total
      from grants g join decisions d on d.id = g.decision_id where g.withdrawn_at is null and g.offer_status <> 'declined' and d.publishable = 1`)!.total;
    expect(awarded).toBe(granted);
  });

  it("passes the quality checks: nothing is left out of the demo", async () => {
    const { res, body } = await fetchPackage();
    expect(res.headers.get("X-Grants-Left-Out")).toBe("0");
    expect(applyQualityChecks(body.grants as never, { today: "2026-12-01", funderId: threeSixtyConfig().funderId }).leftOut).toEqual([]);
  });

  it("is public and cacheable, and sets no cookie", async () => {
    const { res } = await fetchPackage();
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=300");
    expect(res.headers.get("Set-Cookie")).toBeNull();
  });
});

describe("the 360Giving CSV", () => {
  it("has a byte-order mark, the template's columns and a row per grant, amounts as plain numbers", async () => {
    const res = (await csv.loader({ request: await request(null, "/exports/360giving.csv"), params: {}, context: {} })) as Response;
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe(THREESIXTY_CSV_COLUMNS.join(","));
    const { body } = await fetchPackage();
    expect(lines).toHaveLength(body.grants.length + 1);
    const drinkSafe = lines.find((l) => l.includes(",Drink Safe,"))!;
    expect(drinkSafe).toContain(`,${byTitle(body.grants, "Drink Safe").amountAwarded},`);
    expect(drinkSafe).not.toContain("£");
  });
});

describe("quality checks and configuration", () => {
  const title = (t: string) => db().run(sql`update bids set title = ${t} where title in ('Drink Safe', '=HYPERLINK("http://evil.example")', 'Drink Safe: ask drinksafe@melton.gov.uk')`);
  afterEach(() => {
    title("Drink Safe");
    db().run(sql`delete from settings where key like 'threesixty_%'`);
    delete process.env.PORTAL_360_PREFIX;
    delete process.env.PORTAL_360_FUNDER_ID;
  });

  it("leaves out and counts a grant with an e-mail address in its text", async () => {
    title("Drink Safe: ask drinksafe@melton.gov.uk");
    const file = threeSixtyFile("2026-12-01");
    expect(file.leftOut).toHaveLength(1);
    expect(file.leftOut[0].problems).toEqual(["email_in_text"]);
    expect(file.package.grants.some((g) => g.title.includes("@"))).toBe(false);
    expect(file.package.description).toContain("1 grant is left out until corrected at source: an e-mail address is in the text (1)");
    expect(threeSixtyCsv("2026-12-01").csv).not.toContain("drinksafe@");
  });

  it("escapes a cell a spreadsheet would take for a formula", () => {
    title('=HYPERLINK("http://evil.example")');
    const text = threeSixtyCsv("2026-12-01").csv;
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
  });

  it("leaves out a grant awarded after the day the file is made", () => {
    expect(threeSixtyFile("2023-01-01").package.grants).toHaveLength(0);
  });

  it("reads the prefix and funder from settings, else from the environment, else the defaults", () => {
    expect(threeSixtyConfig().prefix).toBe("lpcc");
    process.env.PORTAL_360_PREFIX = "envprefix";
    process.env.PORTAL_360_FUNDER_ID = "GB-ENV-1";
    expect(threeSixtyConfig()).toMatchObject({ prefix: "envprefix", funderId: "GB-ENV-1" });
    db().run(sql`insert into settings (key, value) values ('threesixty_prefix', 'setprefix'), ('threesixty_funder_name', 'The PCC')`);
    expect(threeSixtyConfig()).toMatchObject({ prefix: "setprefix", funderId: "GB-ENV-1", funderName: "The PCC" });
    expect(threeSixtyFile("2026-12-01").package.grants.every((g) => g.id.startsWith("360G-setprefix-"))).toBe(true);
  });
});
