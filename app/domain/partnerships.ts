/**
 * What identifies a Community Safety Partnership and the OPCC (issue 12's administration pages):
 * the rules for the codes an administrator types. Pure functions; decision record 032.
 */

/** A partnership's code: lower-case letters and digits in words joined by hyphens ("north-west-leicestershire"). */
export const PARTNERSHIP_CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The accountable council's ONS (GSS) code: an English unitary (E06), district (E07),
 * metropolitan district (E08) or London borough (E09), or a Welsh principal area (W06); then six digits.
 */
export const COUNCIL_GSS_CODE = /^(?:E0[6-9]|W06)\d{6}$/;

/**
 * The council's identifier on org-id.guide: the register of English local authorities (GB-LAE)
 * or, for a Welsh council, of Welsh ones (GB-WAL), then the council's three- or four-letter code.
 */
export const COUNCIL_ORG_ID = /^GB-(?:LAE|WAL)-[A-Z]{3,4}$/;

/** "  North-West Leicestershire " → "north-west-leicestershire": what the code field suggests from a name. */
export function codeFromName(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
}

/** Typed codes are forgiving about case and spaces: " e07000133 " is E07000133, "gb-lae-mel" is GB-LAE-MEL. */
export const normaliseCode = (raw: string) => raw.trim().replace(/\s+/g, "").toUpperCase();

export const isCouncilGssCode = (code: string) => COUNCIL_GSS_CODE.test(code);
export const isCouncilOrgId = (id: string) => COUNCIL_ORG_ID.test(id);
export const isPartnershipCode = (code: string) => code.length <= 60 && PARTNERSHIP_CODE.test(code);

/**
 * Who a new decision names as its decision maker: "Rupert Matthews, Police and Crime Commissioner
 * for Leicestershire" when the OPCC has given the PCC's name, else the title alone.
 */
export function decisionMakerDefault(pccName: string, pccTitle: string): string {
  const name = pccName.trim();
  const title = pccTitle.trim();
  if (!name) return title;
  if (!title) return name;
  return `${name}, ${title}`;
}

/** A partnership as the lists and choices name it: a retired one keeps its bids, grants and people, marked. */
export const partnershipLabel = (name: string, retired: boolean) => (retired ? `${name} (retired)` : name);
