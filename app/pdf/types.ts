/**
 * The data the PDF documents print. Plain data only (no database rows, no functions): whoever loads
 * a record fills one of these, and the documents format it. Money is integer pence, dates are ISO
 * `yyyy-MM-dd` strings, financial years are labels such as "2023-24".
 */

/** How the PCC decided a bid (the `decisions.outcome` column). */
export type DecisionOutcome = "approved" | "part_approved" | "rejected";

/** Who receives the money: a Community Safety Partnership and the council that is its accountable body. */
export interface Recipient {
  /** The CSP's name, e.g. "Safer Melton Partnership" (`organisations.name`). */
  cspName: string;
  /** The district council that receives and spends the money, e.g. "Melton Borough Council" (`organisations.accountable_council`). */
  accountableCouncil: string;
}

/** One cost line of the bid as the decision treats it. */
export interface ApprovedCostLine {
  description: string;
  /** The cost line's financial year, e.g. "2023-24". */
  financialYearLabel: string;
  /** What the bid asked for on this line: quantity × unit price, rounded (`lineTotalPence`). */
  askedPence: number;
  /** What the decision approved on this line (`decision_lines.approved_pence`); 0 if the line was not approved. */
  approvedPence: number;
}

/**
 * A formal PCC decision record, as the OPCC publishes it (the Elected Local Policing Bodies
 * (Specified Information) Order 2011: recipient, amount, conditions, purpose and reasons).
 * One row of `decisions`, with the bid, CSP and lines it refers to.
 */
export interface DecisionRecord {
  /** The decision reference, e.g. "PCC/2023-24/001" (`decisions.reference`). */
  reference: string;
  /** The date the decision was made (`decisions.decided_on`). */
  decidedOn: string;
  /** Who made the decision, e.g. "Rupert Matthews, Police and Crime Commissioner for Leicestershire" (`decisions.decision_maker`). */
  decisionMaker: string;
  /** The OPCC officer who prepared it (`decisions.lead_officer`). */
  leadOfficer: string;
  recipient: Recipient;
  /** The bid the decision is about: its title and summary are the grant's purpose. */
  bidId: number;
  bidTitle: string;
  bidSummary: string;
  /** The round and funding stream the bid was made to, e.g. "CSP annual allocation 2023-24" (`rounds.name`). */
  roundName: string;
  /** The round's financial year, e.g. "2023-24". */
  financialYearLabel: string;
  /** The project's dates, if the bid gave them. */
  startDate: string | null;
  endDate: string | null;
  outcome: DecisionOutcome;
  /** The bid's total cost (sum of its cost lines). */
  totalCostPence: number;
  /** The match funding the CSP brings (sum of the bid's match funding). */
  matchFundingPence: number;
  /** What the bid asked the OPCC for: total cost less match funding. */
  requestedPence: number;
  /** The sum of the approved lines; 0 for a rejection. */
  approvedCostPence: number;
  /**
   * What the PCC grants: the approved cost less match funding, never below zero
   * (`grantedPence` in app/domain/part-approval.ts). null for a rejection: printed as "Not approved".
   */
  grantedPence: number | null;
  /** Per cost line, what was asked and approved. Leave empty for a rejection (the table is left out). */
  lines: ApprovedCostLine[];
  /** The conditions as worded on the decision, in order; printed numbered (`decisions.conditions`). */
  conditions: string[];
  /** Why the PCC considered the grant would secure a reduction in crime and disorder, or why it was refused (`decisions.reasons`). */
  reasons: string;
  /** The declaration of interests, e.g. "None" (`decisions.declaration_of_interests`). */
  declarationOfInterests: string;
  /** true if the record is published; false if an FOI exemption withholds it (`decisions.publishable`). */
  publishable: boolean;
  /** The FOI exemption that withholds it, e.g. "Section 43 (commercial interests)"; null when published (`decisions.foi_exemption`). */
  foiExemption: string | null;
  /** The reference of the decision this one replaces, or null (`decisions.supersedes_id` → its reference). */
  supersedesReference: string | null;
  /** Why the earlier decision was corrected; null unless this decision supersedes one (`decisions.correction_reason`). */
  correctionReason?: string | null;
  /** The reference of a later decision that corrects this one, or null: the record then says it no longer stands. */
  supersededByReference?: string | null;
  /** Who recorded it in the portal and when (an ISO timestamp), for the record's footer. Optional. */
  recordedByName?: string;
  recordedAt?: string;
  /** What the decision followed: the moderated score, or why the PCC decided without one. Left out: "Not recorded". */
  review?: DecisionReviewRecord;
}

/**
 * What a decision followed (`decisions.review` or `decisions.without_review_reason`), as the reader
 * may see it: the score, band and moderator go only to those who may read reviews; anyone else is
 * told which submission was reviewed.
 */
export type DecisionReviewRecord =
  | {
      kind: "moderated";
      /** The submission the lead reviewer moderated, e.g. 2 after a resubmission. */
      submissionNumber: number;
      /** The lead reviewer who recorded the moderated score. */
      moderatedBy: string;
      /** The weighted total out of 100; null when the bid failed a gate. */
      total: number | null;
      /** The gates failed, in the rubric's words; empty when none failed. */
      failedGates: string[];
      /** The band the score fell in, which is the review's recommendation, e.g. "Refer to the PCC". */
      bandLabel: string;
    }
  | { kind: "reviewed"; submissionNumber: number }
  | { kind: "without_review"; reason: string }
  | { kind: "not_recorded" };

/** The part of a decision the bid document prints at its end (a whole DecisionRecord will do). */
export type DecisionSummary = Pick<
  DecisionRecord,
  "reference" | "decidedOn" | "decisionMaker" | "outcome" | "approvedCostPence" | "grantedPence" | "conditions" | "reasons" | "supersedesReference"
>;

/** One condition of a grant. */
export interface GrantCondition {
  /** The condition as worded on the decision. */
  text: string;
  /**
   * A condition as to repayment (s.9 Police Reform and Social Responsibility Act 2011), e.g. from a
   * standard condition with `about_repayment` set. The letter keeps the decision's order and
   * numbering and names the repayment conditions after the list. Leave it out (or false) when unknown.
   */
  aboutRepayment?: boolean;
}

/** One planned instalment (`grant_payments`). */
export interface GrantPaymentLine {
  /** When it is due (`grant_payments.due_on`). */
  dueOn: string;
  /** What it is for, e.g. "Q1 2023-24 in arrears" (`grant_payments.label`). */
  label: string;
  amountPence: number;
}

/** How a grant is paid (`grants.payment_basis`). */
export type PaymentBasis = "quarterly_arrears" | "advance" | "milestones";

/** A grant offer letter: one row of `grants`, with its decision, bid, CSP, lines and payments. */
export interface GrantOffer {
  /** The grant's id in the portal (`grants.id`); the letter's reference is "<decision reference>/G<grantId>". */
  grantId: number;
  /** The decision that made the grant, e.g. "PCC/2023-24/001". */
  decisionReference: string;
  /** The date the decision was made. */
  decidedOn: string;
  /** The date the letter is dated: when its decision was recorded (`decisions.recorded_at`, the date part). */
  offerDate: string;
  /** When a correcting decision varied the grant: the decision it corrected, whose offer this letter replaces. */
  replacesOfferUnder?: string | null;
  /** Who made the decision and signs the letter, e.g. "Rupert Matthews, Police and Crime Commissioner for Leicestershire". */
  decisionMaker: string;
  /** The OPCC officer to contact about the grant (`decisions.lead_officer`). */
  leadOfficer: string;
  /** The letter is addressed to the accountable council, for the CSP. */
  recipient: Recipient;
  bidId: number;
  bidTitle: string;
  bidSummary: string;
  /** e.g. "CSP annual allocation 2023-24", and its financial year "2023-24". */
  roundName: string;
  financialYearLabel: string;
  /** The project's dates, if the bid gave them. */
  startDate: string | null;
  endDate: string | null;
  /** "approved" or "part_approved" (a rejection makes no grant). */
  outcome: Exclude<DecisionOutcome, "rejected">;
  /** The bid's total cost and what it asked the OPCC for. */
  totalCostPence: number;
  requestedPence: number;
  /** The match funding the CSP still brings. */
  matchFundingPence: number;
  /** The sum of the approved lines. */
  approvedCostPence: number;
  /** The grant: approved cost less match funding (`grantedPence` in app/domain/part-approval.ts). */
  grantedPence: number;
  /** Per cost line, what was asked and approved; the letter also totals the approved amounts per financial year. */
  lines: ApprovedCostLine[];
  /** Every condition of the grant, in order (the decision's conditions), repayment conditions included. */
  conditions: GrantCondition[];
  paymentBasis: PaymentBasis;
  /** The planned instalments, in due-date order. */
  payments: GrantPaymentLine[];
  /** The last day the offer may be accepted in the portal (`grants.accept_by`, as extended); omit for no date. */
  acceptBy?: string | null;
  /** Where the partnership's lead accepts or declines the offer: the grant's accept page in the portal. */
  acceptAt?: string | null;
  /** Once the offer is accepted: the declaration as it was made (`grants.declaration_*`). The letter then prints it instead of how to accept. */
  acceptance?: { name: string; role: string; date: string } | null;
}

/**
 * The decision-meeting pack for a round (app/pdf/meeting-pack-document.tsx): every bid the OPCC has
 * in the round with its moderated score, band and recommended amount, then each bid's summary and
 * the reviewers' shared comments. Never internal comments, never individual reviewers' sheets.
 */
export interface MeetingPack {
  roundId: number;
  roundName: string;
  streamName: string;
  financialYearLabel: string;
  totalPotPence: number;
  /** The date the pack was made, yyyy-MM-dd. */
  preparedOn: string;
  bids: MeetingPackBid[];
  /** Which part of the round's pack this is (a large round's is in parts: app/data/meeting-pack.server.ts), and where its bids start in the round's. */
  part: { number: number; of: number; firstBid: number; bidsInRound: number };
  /** Bids withdrawn after they were submitted: not in the pack, but counted in its introduction. */
  withdrawnCount: number;
}

export interface MeetingPackComment {
  author: string;
  /** An ISO timestamp. */
  createdAt: string;
  body: string;
}

export interface MeetingPackBid {
  id: number;
  title: string;
  summary: string;
  cspName: string;
  /** "Allocation" or "Central fund". */
  fundLabel: string;
  /** The bid's status in words, e.g. "Under review". */
  statusLabel: string;
  requestedPence: number;
  /** The moderated score in words ("80.0 out of 100", or the gates failed); null until moderated. */
  score: string | null;
  bandLabel: string | null;
  moderatedBy: string | null;
  /** Why there is no moderated score yet, e.g. "the bid has not been scored yet". */
  notModeratedBecause: string | null;
  /** The recommended amount, in pence, or null when the PCC decides it or the bid is not moderated. */
  recommendedPence: number | null;
  /** The recommended amount in words: an amount, "For the PCC to decide" or "None yet". */
  recommendation: string;
  /** The bid's latest PCC decision, if it has been decided already. */
  decision: { reference: string; decidedOn: string; outcomeLabel: string; grantedPence: number | null } | null;
  /** The reviewers' comments shared with the partnership, oldest first. */
  sharedComments: MeetingPackComment[];
}
