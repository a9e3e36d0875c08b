import { Text, View } from "@react-pdf/renderer";
import { STATUS_LABELS } from "../domain/bid-lifecycle";
import { formatDate, formatDateTime } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { describeScore } from "../domain/decision-review";
import { H2, KeyFigures, NumberedList, P, PdfDocument, SignatureLines, SummaryList, Table, styles, DEFAULT_PCC_TITLE, type PdfOpcc } from "./layout";
import type { DecisionOutcome, DecisionRecord, DecisionReviewRecord } from "./types";

/**
 * A PCC decision record as the OPCC publishes it: reference, date, decision maker, lead officer,
 * the recipient, the purpose, the amount, the outcome, the numbered conditions, the reasons, the
 * declaration of interests, and whether it is published or which FOI exemption withholds it.
 */

export const OUTCOME_LABELS: Record<DecisionOutcome, string> = {
  approved: STATUS_LABELS.approved,
  part_approved: STATUS_LABELS.part_approved,
  rejected: "Not approved",
};

export function decisionDocumentTitle(decision: Pick<DecisionRecord, "reference">) {
  return `PCC decision ${decision.reference}`;
}

const projectDates = (start: string | null, end: string | null) =>
  start && end ? `${formatDate(start)} to ${formatDate(end)}` : start ? `From ${formatDate(start)}` : end ? `Until ${formatDate(end)}` : "";

export function publicationStatus(decision: Pick<DecisionRecord, "publishable" | "foiExemption">) {
  return decision.publishable
    ? "Published"
    : `Not published: withheld under ${decision.foiExemption?.trim() || "an exemption under the Freedom of Information Act 2000"}`;
}

export function DecisionDocument({ decision, opcc }: { decision: DecisionRecord; opcc?: PdfOpcc }) {
  const title = decisionDocumentTitle(decision);
  const rejected = decision.outcome === "rejected";
  const amount = rejected || decision.grantedPence === null ? "Not approved" : formatPence(decision.grantedPence);
  return (
    <PdfDocument
      opcc={opcc}
      title={title}
      subject={`Crime and disorder reduction grant decision: ${decision.recipient.cspName}, ${decision.bidTitle}`}
      keywords={`PCC decision, ${decision.reference}, ${decision.recipient.cspName}`}
      headerNote={decision.publishable ? `Decision ${decision.reference}` : `Decision ${decision.reference} · NOT FOR PUBLICATION`}
    >
      <Text style={styles.caption}>{opcc?.pccTitle ?? DEFAULT_PCC_TITLE} · Decision record</Text>
      <Text style={styles.title}>Decision {decision.reference}</Text>
      <Text style={[styles.paragraph, { fontSize: 12 }]}>
        {decision.bidTitle}: {decision.recipient.cspName}
      </Text>

      {decision.supersededByReference ? (
        <View style={styles.panel}>
          <Text style={styles.bold}>This decision no longer stands: decision {decision.supersededByReference} corrects it.</Text>
        </View>
      ) : null}
      {decision.supersedesReference ? (
        <View style={styles.panel}>
          <Text style={styles.bold}>This decision supersedes decision {decision.supersedesReference}.</Text>
          {decision.correctionReason ? <Text>Why it is corrected: {decision.correctionReason}</Text> : null}
        </View>
      ) : null}
      {!decision.publishable ? (
        <View style={styles.panel}>
          <Text style={styles.bold}>{publicationStatus(decision)}.</Text>
        </View>
      ) : null}

      <SummaryList
        rows={[
          ["Reference", decision.reference],
          ["Date of decision", formatDate(decision.decidedOn)],
          ["Decision maker", decision.decisionMaker],
          ["Lead officer", decision.leadOfficer],
          [
            "Recipient",
            <View>
              <Text>{decision.recipient.cspName}</Text>
              <Text style={styles.muted}>Accountable body: {decision.recipient.accountableCouncil}</Text>
            </View>,
          ],
          ["Decision", OUTCOME_LABELS[decision.outcome]],
          ["Amount", <Text style={styles.bold}>{amount}</Text>],
          ["Publication", publicationStatus(decision)],
          ...(decision.supersedesReference ? ([["Supersedes", `Decision ${decision.supersedesReference}`]] as [string, string][]) : []),
        ]}
      />

      <H2>Purpose</H2>
      <SummaryList
        rows={[
          ["Project", decision.bidTitle],
          ["Summary", decision.bidSummary],
          ["Funding round", `${decision.roundName}, ${decision.financialYearLabel}`],
          ["Project dates", projectDates(decision.startDate, decision.endDate)],
          ["Bid", `Bid ${decision.bidId}`],
        ]}
      />

      <H2>Amount</H2>
      <KeyFigures
        figures={[
          ["Requested", formatPence(decision.requestedPence)],
          ["Approved cost", rejected ? "None" : formatPence(decision.approvedCostPence)],
          ["Grant", amount],
        ]}
      />
      {!rejected && decision.lines.length ? (
        <Table
          columns={[
            { header: "Cost line", width: "49%" },
            { header: "Year", width: "13%" },
            { header: "Asked", width: "19%", numeric: true },
            { header: "Approved", width: "19%", numeric: true },
          ]}
          rows={decision.lines.map((l) => [l.description, l.financialYearLabel, formatPence(l.askedPence), formatPence(l.approvedPence)])}
          total={["Total", "", formatPence(decision.totalCostPence), formatPence(decision.approvedCostPence)]}
        />
      ) : null}
      {!rejected ? (
        <P muted>
          The grant is the approved cost less the match funding the partnership brings ({formatPence(decision.matchFundingPence)}).
        </P>
      ) : null}

      <H2>Conditions</H2>
      {decision.conditions.length ? <NumberedList items={decision.conditions} /> : <P muted>{rejected ? "None: the bid was not approved." : "None."}</P>}

      <H2>Review</H2>
      <ReviewFollowed review={decision.review ?? { kind: "not_recorded" }} />

      <H2>Reasons</H2>
      <P>{decision.reasons || "Not given"}</P>

      <H2>Declaration of interests</H2>
      <P>{decision.declarationOfInterests || "None declared"}</P>

      <View wrap={false}>
        <H2>Signature</H2>
        <Text>{decision.decisionMaker}</Text>
        <SignatureLines labels={["Signed", "Date"]} />
      </View>

      {decision.recordedByName && decision.recordedAt ? (
        <Text style={[styles.muted, { fontSize: 8, marginTop: 14 }]}>
          Recorded in the community safety funding portal by {decision.recordedByName} on {formatDateTime(decision.recordedAt)}.
        </Text>
      ) : null}
    </PdfDocument>
  );
}

/** What the decision followed: the lead reviewer's moderated score, or why the PCC decided without one. */
function ReviewFollowed({ review }: { review: DecisionReviewRecord }) {
  switch (review.kind) {
    case "moderated":
      return (
        <SummaryList
          rows={[
            ["Moderated score", describeScore(review)],
            ["Band and recommendation", review.bandLabel],
            ["Moderated by", `${review.moderatedBy}, lead reviewer`],
            ["Submission", `Submission ${review.submissionNumber} of the bid`],
          ]}
        />
      );
    case "reviewed":
      return <P>The decision followed the OPCC's review of submission {review.submissionNumber} of the bid.</P>;
    case "without_review":
      return (
        <View>
          <Text style={styles.bold}>Decided without a moderated score from the OPCC's review.</Text>
          <P>Why: {review.reason}</P>
        </View>
      );
    case "not_recorded":
      return <P muted>Not recorded.</P>;
  }
}
