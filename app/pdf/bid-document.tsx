import type { ReactNode } from "react";
import { Text, View } from "@react-pdf/renderer";
import type { BidDetail } from "../data/bids.server";
import { STATUS_LABELS } from "../domain/bid-lifecycle";
import { formatDate, formatDateTime, quarterLabel } from "../domain/financial-years";
import { formatPence, formatQuantity, formatUnitPrice } from "../domain/money";
import type { PriorityKind } from "../domain/priorities";
import { RISK_BAND_LABELS, impactLabel, likelihoodLabel, riskBand, riskScore } from "../domain/risk";
import { H2, H3, KeyFigures, NumberedList, P, PdfDocument, SummaryList, Table, styles, type PdfOpcc } from "./layout";
import type { DecisionSummary } from "./types";

/**
 * The whole bid as one document: every section in the order of the form, the money worked out
 * from the cost lines, the risk register with scores and bands, and the PCC's decision if there
 * is one.
 */

export interface BidDocumentProps {
  bid: BidDetail;
  opcc?: PdfOpcc;
  /** The PCC decision on the bid, if one has been made. */
  decision?: DecisionSummary | null;
  /** When the document was produced (printed on its first page); defaults to now. */
  generatedAt?: Date;
}

const PRIORITY_GROUPS: { kind: PriorityKind; label: string }[] = [
  { kind: "police_and_crime_plan", label: "Police and Crime Plan priorities" },
  { kind: "csp", label: "Partnership priorities" },
  { kind: "statutory", label: "Statutory duties" },
];

const yesNo = (v: boolean | null) => (v === null ? "" : v ? "Yes" : "No");
const dateOrBlank = (d: string | null) => (d ? formatDate(d) : "");

export function bidDocumentTitle(bid: Pick<BidDetail, "id" | "title">) {
  return `Bid ${bid.id}: ${bid.title || "Untitled bid"}`;
}

export function BidDocument({ bid, decision, opcc, generatedAt = new Date() }: BidDocumentProps) {
  const title = bidDocumentTitle(bid);
  return (
    <PdfDocument
      opcc={opcc}
      title={title}
      subject={`${bid.cspName}: bid to ${bid.roundName}, ${bid.financialYearLabel}`}
      keywords={`bid, ${bid.cspName}, ${bid.roundName}, ${bid.financialYearLabel}`}
      headerNote={`Bid ${bid.id} · ${STATUS_LABELS[bid.status]}`}
    >
      <Text style={styles.caption}>
        {bid.cspName} · {bid.roundName}, {bid.financialYearLabel} ({bid.streamName}){bid.fund === "central" ? " · central fund" : ""}
      </Text>
      <Text style={styles.title}>{bid.title || "Untitled bid"}</Text>
      <View style={{ flexDirection: "row", alignItems: "center", marginBottom: 6 }}>
        <Text style={styles.tag}>{STATUS_LABELS[bid.status]}</Text>
        <Text style={[styles.muted, { marginLeft: 8, fontSize: 9, flex: 1 }]}>
          Bid {bid.id}, version {bid.version}.{bid.submittedAt ? ` Submitted on ${formatDateTime(bid.submittedAt)}.` : ""} Last changed by{" "}
          {bid.updatedByName} on {formatDateTime(bid.updatedAt)}.
        </Text>
      </View>
      {bid.status === "draft" ? (
        <View style={styles.panel}>
          <Text style={styles.bold}>This bid is a draft: it has not been submitted to the OPCC and may change.</Text>
        </View>
      ) : null}

      <KeyFigures
        figures={[
          ["Total cost", formatPence(bid.totalCostPence)],
          ["Match funding", formatPence(bid.matchFundingPence)],
          ["Requested from the OPCC", formatPence(bid.requestedPence)],
        ]}
      />

      <H2>Project details</H2>
      <SummaryList
        rows={[
          ["Title", bid.title],
          ["Summary", bid.summary],
          ["The problem and evidence of need", bid.need],
          ["What will be done", bid.activities],
          ["Delivery partners", bid.deliveryPartners],
          ["Where", bid.locations],
          ["Start date", dateOrBlank(bid.startDate)],
          ["End date", dateOrBlank(bid.endDate)],
          [
            "Milestones",
            bid.milestones.length ? (
              <View>
                {bid.milestones.map((m, i) => (
                  <Text key={i} style={{ marginBottom: 2 }}>
                    <Text style={styles.bold}>{quarterLabel(m.financialYearLabel, m.quarter)}</Text>: {m.description}
                  </Text>
                ))}
              </View>
            ) : (
              "None"
            ),
          ],
        ]}
      />

      <H2>Priorities</H2>
      {bid.priorities.length ? (
        PRIORITY_GROUPS.filter((g) => bid.priorities.some((p) => p.kind === g.kind)).map((g) => (
          <View key={g.kind} wrap={false}>
            <H3>{g.label}</H3>
            {bid.priorities
              .filter((p) => p.kind === g.kind)
              .map((p) => (
                <View key={p.id} style={styles.listItem}>
                  <Text style={{ width: 12 }}>•</Text>
                  <Text style={styles.listText}>{p.name}</Text>
                </View>
              ))}
          </View>
        ))
      ) : (
        <P muted>None chosen.</P>
      )}

      <H2>Costs</H2>
      {bid.costLines.length ? (
        <Table
          columns={[
            { header: "Description", width: "38%" },
            { header: "Year", width: "11%" },
            { header: "Quantity", width: "13%", numeric: true },
            { header: "Unit price", width: "17%", numeric: true },
            { header: "Total", width: "21%", numeric: true },
          ]}
          rows={bid.costLines.map((line) => [
            <View key="d">
              <Text>{line.description}</Text>
              <Text style={[styles.muted, { fontSize: 8 }]}>
                {line.expenditureType === "capital" ? "Capital" : "Revenue"}, {line.recurrence === "one_off" ? "one-off" : "recurring"}
              </Text>
            </View>,
            line.financialYearLabel,
            formatQuantity(line.quantityHundredths),
            formatUnitPrice(line.unitPriceTenThousandths),
            formatPence(line.totalPence),
          ])}
          total={["Total cost", "", "", "", formatPence(bid.totalCostPence)]}
        />
      ) : (
        <P muted>No cost lines yet.</P>
      )}

      <H2>Match funding</H2>
      {bid.matchFunding.length ? (
        <Table
          columns={[
            { header: "Source", width: "55%" },
            { header: "Cash or in kind", width: "24%" },
            { header: "Amount", width: "21%", numeric: true },
          ]}
          rows={bid.matchFunding.map((m) => [m.source, m.kind === "cash" ? "Cash" : "In kind", formatPence(m.amountPence)])}
          total={["Total match funding", "", formatPence(bid.matchFundingPence)]}
        />
      ) : (
        <P muted>No match funding.</P>
      )}

      <View wrap={false}>
        <H2>Amount requested</H2>
        <SummaryList
          rows={[
            ["Total cost", formatPence(bid.totalCostPence)],
            ["Less match funding", formatPence(bid.matchFundingPence)],
            ["Requested from the OPCC", <Text style={styles.bold}>{formatPence(bid.requestedPence)}</Text>],
          ]}
        />
      </View>

      <H2>Outcomes</H2>
      {bid.outcomes.length ? (
        <Table
          columns={[
            { header: "Measure", width: "40%" },
            { header: "Unit", width: "18%" },
            { header: "Baseline", width: "12%", numeric: true },
            { header: "Target", width: "12%", numeric: true },
            { header: "By", width: "18%" },
          ]}
          rows={bid.outcomes.map((o) => [
            o.measure,
            o.unit,
            o.baseline ?? "Not given",
            o.target ?? "Not given",
            o.targetDate ? formatDate(o.targetDate) : "Not given",
          ])}
        />
      ) : (
        <P muted>No outcomes yet.</P>
      )}

      <H2>Risks</H2>
      {bid.risks.length ? (
        <>
          <Table
            columns={[
              { header: "Risk", width: "24%" },
              { header: "Likelihood", width: "16%" },
              { header: "Impact", width: "15%" },
              { header: "Score", width: "8%", numeric: true },
              { header: "Band", width: "10%" },
              { header: "Mitigation", width: "27%" },
            ]}
            rows={bid.risks.map((r) => {
              const score = riskScore(r.likelihood, r.impact);
              return [
                r.description,
                `${r.likelihood} ${likelihoodLabel(r.likelihood)}`,
                `${r.impact} ${impactLabel(r.impact)}`,
                String(score),
                <Text key="b" style={styles.bold}>
                  {RISK_BAND_LABELS[riskBand(score)]}
                </Text>,
                r.mitigation || "Not given",
              ];
            })}
          />
          <P muted>Score = likelihood (1–6) × impact (1–4). Bands: 1–6 low, 8–12 medium, 15–24 high.</P>
        </>
      ) : (
        <P muted>No risks yet.</P>
      )}

      <H2>Data protection and equality</H2>
      <SummaryList
        rows={[
          ["Uses CCTV or holds personal data", yesNo(bid.holdsPersonalData)],
          ...(bid.holdsPersonalData ? [["Data protection impact assessment done", yesNo(bid.dpiaCompleted)] as [string, string]] : []),
          ["Equality impact", bid.equalityImpact],
        ]}
      />

      {decision ? <DecisionSummaryBlock decision={decision} /> : null}

      <Text style={[styles.muted, { fontSize: 8, marginTop: 14 }]}>Produced from the community safety funding portal on {formatDateTime(generatedAt.toISOString())}.</Text>
    </PdfDocument>
  );
}

function DecisionSummaryBlock({ decision }: { decision: DecisionSummary }) {
  const outcome = decision.outcome === "rejected" ? "Not approved" : STATUS_LABELS[decision.outcome];
  return (
    <View>
      <H2>PCC decision</H2>
      <SummaryList
        rows={[
          ["Reference", decision.reference],
          ["Date", formatDate(decision.decidedOn)],
          ["Decision maker", decision.decisionMaker],
          ["Decision", outcome],
          ...(decision.outcome === "rejected"
            ? []
            : ([
                ["Approved cost", formatPence(decision.approvedCostPence)],
                ["Grant", <Text style={styles.bold}>{decision.grantedPence === null ? "Not approved" : formatPence(decision.grantedPence)}</Text>],
              ] as [string, ReactNode][])),
          ...(decision.supersedesReference ? ([["Supersedes", `Decision ${decision.supersedesReference}`]] as [string, string][]) : []),
          ["Reasons", decision.reasons],
        ]}
      />
      {decision.conditions.length ? (
        <View>
          <H3>Conditions</H3>
          <NumberedList items={decision.conditions} />
        </View>
      ) : null}
    </View>
  );
}
