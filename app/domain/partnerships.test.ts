import { describe, expect, it } from "vitest";
import { codeFromName, decisionMakerDefault, isCouncilGssCode, isCouncilOrgId, isPartnershipCode, normaliseCode } from "./partnerships";

describe("council codes", () => {
  it("takes English districts, unitaries, metropolitan districts, London boroughs and Welsh principal areas", () => {
    for (const code of ["E07000133", "E06000017", "E08000025", "E09000033", "W06000015"]) expect(isCouncilGssCode(code)).toBe(true);
  });
  it("refuses counties, regions, wards and malformed codes", () => {
    for (const code of ["E10000018", "E05001234", "E12000004", "E0700013", "E070001333", "e07000133", "W05000001", "S12000036", ""]) expect(isCouncilGssCode(code)).toBe(false);
  });
  it("takes GB-LAE and GB-WAL ids of three or four capitals", () => {
    for (const id of ["GB-LAE-MEL", "GB-LAE-NWLE", "GB-WAL-CRF"]) expect(isCouncilOrgId(id)).toBe(true);
    for (const id of ["GB-LAE-ME", "GB-LAE-MELTO", "GB-LAE-mel", "GB-COH-12345678", "GB-LAE-MEL ", "LAE-MEL"]) expect(isCouncilOrgId(id)).toBe(false);
  });
  it("normalises what was typed", () => {
    expect(normaliseCode(" e07000133 ")).toBe("E07000133");
    expect(normaliseCode("gb-lae- mel")).toBe("GB-LAE-MEL");
  });
});

describe("partnership codes", () => {
  it("makes a code from a name", () => {
    expect(codeFromName("  Safer North-West Leicestershire ")).toBe("safer-north-west-leicestershire");
    expect(codeFromName("Hinckley & Bosworth")).toBe("hinckley-and-bosworth");
    expect(codeFromName("Oadby 'n' Wigston!!")).toBe("oadby-n-wigston");
    expect(codeFromName("x".repeat(59) + " y")).toBe("x".repeat(59));
  });
  it("takes lower-case words joined by single hyphens, at most 60 characters", () => {
    expect(isPartnershipCode("melton")).toBe(true);
    expect(isPartnershipCode("north-west-leicestershire")).toBe(true);
    for (const code of ["Melton", "melton-", "-melton", "mel--ton", "mel ton", "", "a".repeat(61)]) expect(isPartnershipCode(code)).toBe(false);
  });
});

describe("the decision maker a new decision names", () => {
  it("is the PCC's name and title, or the title alone", () => {
    expect(decisionMakerDefault("", "Police and Crime Commissioner for Leicestershire")).toBe("Police and Crime Commissioner for Leicestershire");
    expect(decisionMakerDefault(" Rupert Matthews ", "Police and Crime Commissioner for Leicestershire")).toBe("Rupert Matthews, Police and Crime Commissioner for Leicestershire");
    expect(decisionMakerDefault("Rupert Matthews", " ")).toBe("Rupert Matthews");
  });
});
