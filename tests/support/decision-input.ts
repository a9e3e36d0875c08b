import type { DecisionInput } from "../../app/data/decisions.server";
import { ukDate } from "../../app/domain/round-window";

/**
 * The one PCC decision the test helpers record (tests/support/grants.ts, accepted-grant.ts,
 * accepted-return.ts, after-award-fixtures.ts): an approval, quarterly in arrears, decided today,
 * with whatever a helper overrides (the date, the basis, a part-approval, the reason for deciding
 * without a moderated score).
 */
export function decisionInput(overrides: Partial<DecisionInput> = {}): DecisionInput {
  return {
    outcome: "approve",
    approvedByLine: {},
    decidedOn: ukDate(new Date()),
    decisionMaker: "Police and Crime Commissioner for Leicestershire",
    leadOfficer: "Rachel Ward",
    reasons: "Delivers the Police and Crime Plan's priority with measurable outcomes.",
    conditionIds: [],
    writtenConditions: [],
    declarationOfInterests: "None",
    publishable: true,
    foiExemption: null,
    paymentBasis: "quarterly_arrears",
    ...overrides,
  };
}
