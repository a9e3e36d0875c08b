import { durationInMonths } from "./financial-years";

/**
 * The OPCC's published grants in the 360Giving Data Standard (1.4): the grant records of a data
 * package, and the same records flattened into the columns of 360Giving's spreadsheet template.
 * Pure: the data layer (app/data/threesixty.server.ts) reads the grants and the configuration.
 * Decision record 027.
 */

/** Who publishes the file: read from `settings`, with defaults from the environment. */
export interface ThreeSixtyConfig {
  /** The publisher's registered 360Giving prefix, e.g. "lpcc": grant ids are `360G-<prefix>-…`. */
  prefix: string;
  /** The funder's organisation identifier (no org-id list covers PCCs), e.g. "GB-PCC-LEICS". */
  funderId: string;
  funderName: string;
}

/** One published grant as the data layer reads it. Money in pence, dates ISO. */
export interface PublishedGrantFacts {
  reference: string;
  /** The decision's date: the award date. */
  decidedOn: string;
  title: string;
  summary: string;
  requestedPence: number;
  grantedPence: number;
  /** What has been paid against the grant. */
  paidPence: number;
  startDate: string | null;
  /** The end date, as extended by an approved time extension. */
  endDate: string | null;
  streamCode: string;
  streamName: string;
  cspName: string;
  accountableCouncil: string;
  /** The accountable council's org-id (GB-LAE-…); null when not set for the CSP. */
  councilOrgId: string | null;
  /** The accountable council's ONS code (E07…), for the beneficiary location. */
  councilGssCode: string | null;
  /** The latest change to the grant's published facts (ISO timestamp). */
  dateModified: string;
  /** The grant's public decision page, absolute. */
  url: string;
}

export interface ThreeSixtyOrganisation {
  id: string;
  name: string;
  department?: string;
}

export interface ThreeSixtyGrant {
  id: string;
  title: string;
  description: string;
  currency: "GBP";
  amountAppliedFor: number;
  amountAwarded: number;
  amountDisbursed: number;
  awardDate: string;
  url: string;
  plannedDates?: { startDate: string; endDate: string; duration: number }[];
  recipientOrganization: ThreeSixtyOrganisation[];
  fundingOrganization: ThreeSixtyOrganisation[];
  grantProgramme: { code: string; title: string }[];
  beneficiaryLocation?: { name: string; geoCode: string; geoCodeType: string; countryCode: "GB" }[];
  fromOpenCall: "Yes" | "No";
  dateModified: string;
}

/**
 * A 360Giving grant id: `360G-<prefix>-<decision reference>`, the reference's slashes made hyphens
 * and anything else outside letters, digits, `-`, `_` and `.` made `_` (the standard allows no
 * slashes or spaces). "PCC/2023-24/001" with prefix "lpcc" is "360G-lpcc-PCC-2023-24-001".
 */
export function threeSixtyGrantId(prefix: string, reference: string): string {
  const own = reference.trim().replace(/\//g, "-").replace(/[^A-Za-z0-9._-]/g, "_");
  return `360G-${prefix.trim()}-${own}`;
}

/** Pence as 360Giving's plain number of pounds: 3053550 → 30535.5 (no commas, no £). */
export function penceToPounds(pence: number): number {
  if (!Number.isInteger(pence)) throw new RangeError(`Not whole pence: ${pence}`);
  return Math.round(pence) / 100;
}

/** An org-id for a recipient without one set: the council's name, so the record still says who. */
const fallbackOrgId = (config: ThreeSixtyConfig, council: string) =>
  `360G-${config.prefix}-council-${council.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`;

/** The 360Giving grant record of one published grant. */
export function toThreeSixtyGrant(g: PublishedGrantFacts, config: ThreeSixtyConfig): ThreeSixtyGrant {
  const grant: ThreeSixtyGrant = {
    id: threeSixtyGrantId(config.prefix, g.reference),
    title: g.title,
    description: g.summary.trim() || g.title,
    currency: "GBP",
    amountAppliedFor: penceToPounds(g.requestedPence),
    amountAwarded: penceToPounds(g.grantedPence),
    amountDisbursed: penceToPounds(g.paidPence),
    awardDate: g.decidedOn,
    url: g.url,
    recipientOrganization: [{ id: g.councilOrgId ?? fallbackOrgId(config, g.accountableCouncil), name: g.accountableCouncil, department: g.cspName }],
    fundingOrganization: [{ id: config.funderId, name: config.funderName }],
    grantProgramme: [{ code: g.streamCode, title: g.streamName }],
    // Bids are made to a round the OPCC opens to every partnership.
    fromOpenCall: "Yes",
    dateModified: g.dateModified,
  };
  if (g.startDate && g.endDate) {
    grant.plannedDates = [{ startDate: g.startDate, endDate: g.endDate, duration: g.endDate >= g.startDate ? durationInMonths(g.startDate, g.endDate) : 0 }];
  }
  if (g.councilGssCode) {
    grant.beneficiaryLocation = [{ name: g.accountableCouncil, geoCode: g.councilGssCode, geoCodeType: geoCodeTypeOf(g.councilGssCode), countryCode: "GB" }];
  }
  return grant;
}

/** The 360Giving geoCodeType codelist entry for an ONS code's entity: E06 UA, E07 NMD, E08 MD, E09 LONB. */
export function geoCodeTypeOf(gss: string): string {
  const entity = gss.slice(0, 3).toUpperCase();
  return ({ E06: "UA", E07: "NMD", E08: "MD", E09: "LONB", W06: "UA", S12: "UA" } as Record<string, string>)[entity] ?? "LAD";
}

/** A 360Giving data package of these grants. */
export function threeSixtyPackage(grants: ThreeSixtyGrant[], meta: { title: string; publisherName: string; publisherId: string; downloadUrl: string; accessUrl: string }) {
  return {
    version: "1.4",
    title: meta.title,
    identifier: `${meta.publisherId}-grants`,
    publisher: { name: meta.publisherName, identifier: meta.publisherId },
    downloadURL: meta.downloadUrl,
    accessURL: meta.accessUrl,
    license: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    grants,
  };
}

/**
 * The columns of 360Giving's spreadsheet template (its "rollUp" titles, `Parent:Child` for a field
 * of a list), in the order written.
 */
export const THREESIXTY_CSV_COLUMNS = [
  "Identifier",
  "Title",
  "Description",
  "Currency",
  "Amount Applied For",
  "Amount Awarded",
  "Amount Disbursed",
  "Award Date",
  "URL",
  "Planned Dates:Start Date",
  "Planned Dates:End Date",
  "Planned Dates:Duration (months)",
  "Recipient Org:Identifier",
  "Recipient Org:Name",
  "Recipient Org:Department",
  "Beneficiary Location:Name",
  "Beneficiary Location:Country Code",
  "Beneficiary Location:Geographic Code",
  "Beneficiary Location:Geographic Code Type",
  "Funding Org:Identifier",
  "Funding Org:Name",
  "Grant Programme:Code",
  "Grant Programme:Title",
  "From An Open Call?",
  "Last Modified",
] as const;

/** One grant as a row of the template, in THREESIXTY_CSV_COLUMNS order (amounts as plain numbers). */
export function flattenGrant(g: ThreeSixtyGrant): (string | number)[] {
  const planned = g.plannedDates?.[0];
  const location = g.beneficiaryLocation?.[0];
  const recipient = g.recipientOrganization[0];
  const funder = g.fundingOrganization[0];
  const programme = g.grantProgramme[0];
  return [
    g.id,
    g.title,
    g.description,
    g.currency,
    g.amountAppliedFor,
    g.amountAwarded,
    g.amountDisbursed,
    g.awardDate,
    g.url,
    planned?.startDate ?? "",
    planned?.endDate ?? "",
    planned?.duration ?? "",
    recipient.id,
    recipient.name,
    recipient.department ?? "",
    location?.name ?? "",
    location?.countryCode ?? "",
    location?.geoCode ?? "",
    location?.geoCodeType ?? "",
    funder.id,
    funder.name,
    programme?.code ?? "",
    programme?.title ?? "",
    g.fromOpenCall,
    g.dateModified,
  ];
}
