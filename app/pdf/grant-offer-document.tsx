import { Text, View } from "@react-pdf/renderer";
import { formatDate } from "../domain/financial-years";
import { formatPence, sumPence } from "../domain/money";
import { H2, H3, KeyFigures, NumberedList, P, PdfDocument, SummaryList, Table, styles, DEFAULT_PCC_TITLE, type PdfOpcc } from "./layout";
import type { GrantOffer, PaymentBasis } from "./types";

/**
 * A grant offer letter to the CSP's accountable council: the grant, what was approved per cost
 * line and per financial year, the numbered conditions (naming those as to repayment), the
 * payment schedule, and how to accept it in the portal (or, once accepted, the declaration made).
 */

export const PAYMENT_BASIS_LABELS: Record<PaymentBasis, string> = {
  quarterly_arrears: "Quarterly in arrears, after each quarter's return of spend and outcomes",
  advance: "In advance",
  milestones: "On reaching the agreed milestones",
};

export function grantOfferReference(offer: Pick<GrantOffer, "decisionReference" | "grantId">) {
  return `${offer.decisionReference}/G${offer.grantId}`;
}

export function grantOfferTitle(offer: Pick<GrantOffer, "decisionReference" | "grantId">) {
  return `Grant offer ${grantOfferReference(offer)}`;
}

/** Approved amounts per financial year, in the order the years first appear (cost lines come in year order). */
export function approvedByYear(lines: GrantOffer["lines"]) {
  const years = new Map<string, number>();
  for (const line of lines) years.set(line.financialYearLabel, (years.get(line.financialYearLabel) ?? 0) + line.approvedPence);
  return [...years.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([label, pence]) => ({ label, pence }));
}

/** 4 → "4"; 4, 5 → "4 and 5"; 4, 5, 9 → "4, 5 and 9". */
export function listNumbers(numbers: number[]): string {
  return numbers.length <= 1 ? numbers.join("") : `${numbers.slice(0, -1).join(", ")} and ${numbers[numbers.length - 1]}`;
}

export function GrantOfferDocument({ offer, opcc }: { offer: GrantOffer; opcc?: PdfOpcc }) {
  const reference = grantOfferReference(offer);
  const title = grantOfferTitle(offer);
  // The conditions keep the decision's order and numbers, so "condition 4" means the same in both.
  const repaymentNumbers = offer.conditions.flatMap((c, i) => (c.aboutRepayment ? [i + 1] : []));
  const paymentsTotal = sumPence(offer.payments.map((p) => p.amountPence));
  const byYear = approvedByYear(offer.lines);
  const { cspName, accountableCouncil } = offer.recipient;
  const fromAddress = (opcc?.offerAddress ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const contact = opcc?.offerContact?.trim();
  return (
    <PdfDocument
      opcc={opcc}
      title={title}
      subject={`Offer of a crime and disorder reduction grant to ${accountableCouncil} for ${cspName}: ${offer.bidTitle}`}
      keywords={`grant offer, ${offer.decisionReference}, ${cspName}`}
      headerNote={`Our reference ${reference}`}
    >
      <View style={{ flexDirection: "row", justifyContent: "space-between", marginBottom: 16 }}>
        <View style={{ width: "60%" }}>
          <Text style={styles.bold}>{accountableCouncil}</Text>
          <Text>Accountable body for the {cspName}</Text>
        </View>
        <View style={{ width: "38%" }}>
          {fromAddress.length ? (
            <View style={{ marginBottom: 8 }}>
              <Text style={styles.bold}>{opcc?.officeName}</Text>
              {fromAddress.map((line, i) => (
                <Text key={i}>{line}</Text>
              ))}
            </View>
          ) : null}
          <Text>
            <Text style={styles.bold}>Our reference: </Text>
            {reference}
          </Text>
          <Text>
            <Text style={styles.bold}>Decision: </Text>
            {offer.decisionReference}
          </Text>
          <Text>
            <Text style={styles.bold}>Date: </Text>
            {formatDate(offer.offerDate)}
          </Text>
        </View>
      </View>

      <Text style={styles.title}>Offer of a crime and disorder reduction grant</Text>
      <Text style={[styles.paragraph, { fontSize: 12, fontWeight: "bold" }]}>{offer.bidTitle}</Text>

      <P>
        Under section 9 of the Police Reform and Social Responsibility Act 2011, the {opcc?.pccTitle ?? DEFAULT_PCC_TITLE} offers{" "}
        {accountableCouncil}, as the accountable body for the {cspName}, a grant of {formatPence(offer.grantedPence)} towards “{offer.bidTitle}” (bid{" "}
        {offer.bidId} to the {offer.roundName}, {offer.financialYearLabel}), subject to the conditions in this letter. The Commissioner made this
        decision on {formatDate(offer.decidedOn)} (decision {offer.decisionReference}).
      </P>
      {offer.replacesOfferUnder ? (
        <P>
          Decision {offer.decisionReference} corrects decision {offer.replacesOfferUnder}. This letter replaces the offer made under decision {offer.replacesOfferUnder}.
        </P>
      ) : null}
      {offer.outcome === "part_approved" ? (
        <P>
          The bid asked for {formatPence(offer.requestedPence)}. The Commissioner has approved part of it: the amounts approved for each cost line are
          set out below, and the grant may be spent only on those lines, up to those amounts.
        </P>
      ) : null}

      <KeyFigures
        figures={[
          ["Grant offered", formatPence(offer.grantedPence)],
          ["Approved cost", formatPence(offer.approvedCostPence)],
          ["Match funding you bring", formatPence(offer.matchFundingPence)],
        ]}
      />

      <H2>Purpose</H2>
      <SummaryList
        rows={[
          ["Project", offer.bidTitle],
          ["Summary", offer.bidSummary],
          [
            "Project dates",
            offer.startDate && offer.endDate ? `${formatDate(offer.startDate)} to ${formatDate(offer.endDate)}` : offer.startDate ? `From ${formatDate(offer.startDate)}` : "",
          ],
        ]}
      />

      <H2>What is approved</H2>
      <H3>Per cost line</H3>
      <Table
        columns={[
          { header: "Cost line", width: "49%" },
          { header: "Year", width: "13%" },
          { header: "Asked", width: "19%", numeric: true },
          { header: "Approved", width: "19%", numeric: true },
        ]}
        rows={offer.lines.map((l) => [l.description, l.financialYearLabel, formatPence(l.askedPence), formatPence(l.approvedPence)])}
        total={["Total", "", formatPence(offer.totalCostPence), formatPence(offer.approvedCostPence)]}
      />
      <H3>Per financial year</H3>
      <Table
        columns={[
          { header: "Financial year", width: "62%" },
          { header: "Approved", width: "38%", numeric: true },
        ]}
        rows={byYear.map((y) => [y.label, formatPence(y.pence)])}
        total={["Total approved cost", formatPence(offer.approvedCostPence)]}
      />
      <View wrap={false}>
        <SummaryList
          rows={[
            ["Approved cost", formatPence(offer.approvedCostPence)],
            ["Less match funding", formatPence(offer.matchFundingPence)],
            ["Grant", <Text style={styles.bold}>{formatPence(offer.grantedPence)}</Text>],
          ]}
        />
      </View>

      <H2>Conditions of grant</H2>
      <P>The grant is offered on these conditions. Accepting the grant means agreeing to all of them.</P>
      {offer.conditions.length ? <NumberedList items={offer.conditions.map((c) => c.text)} /> : <P muted>No conditions.</P>}
      {repaymentNumbers.length ? (
        <P>
          {repaymentNumbers.length === 1 ? `Condition ${repaymentNumbers[0]} is a condition` : `Conditions ${listNumbers(repaymentNumbers)} are conditions`} as to
          repayment: if {repaymentNumbers.length === 1 ? "it is" : "they are"} not met, the Commissioner may require all or part of the grant to be repaid.
        </P>
      ) : null}

      <H2>Payment schedule</H2>
      <P>Payment basis: {PAYMENT_BASIS_LABELS[offer.paymentBasis]}.</P>
      {offer.payments.length ? (
        <Table
          columns={[
            { header: "Due", width: "28%" },
            { header: "Payment", width: "48%" },
            { header: "Amount", width: "24%", numeric: true },
          ]}
          rows={offer.payments.map((p) => [formatDate(p.dueOn), p.label, formatPence(p.amountPence)])}
          total={["Total", "", formatPence(paymentsTotal)]}
        />
      ) : (
        <P muted>No payments have been scheduled yet.</P>
      )}
      {offer.payments.length && paymentsTotal !== offer.grantedPence ? (
        <P muted>
          The scheduled payments add up to {formatPence(paymentsTotal)}; the grant is {formatPence(offer.grantedPence)}.
        </P>
      ) : null}

      <View wrap={false}>
        <P>
          {contact
            ? `Please contact ${contact} with any questions about this grant, quoting reference ${reference}. The lead officer for this grant is ${offer.leadOfficer}.`
            : `Please contact ${offer.leadOfficer} at the ${opcc?.officeName ?? "Office of the Police and Crime Commissioner"} with any questions about this grant.`}
        </P>
        <P>Yours faithfully,</P>
        <Text style={{ marginTop: 18 }}>{offer.decisionMaker}</Text>
      </View>

      <View wrap={false} style={{ marginTop: 18 }}>
        <H2>Acceptance</H2>
        <View style={[styles.panel, { borderWidth: 1, borderColor: "#0b0c0c" }]}>
          <P>
            “I accept this offer on behalf of {accountableCouncil}, as the accountable body for the {cspName}, and its conditions”: the grant of{" "}
            {formatPence(offer.grantedPence)} for “{offer.bidTitle}” (reference {reference}) on the conditions set out in this letter
            {repaymentNumbers.length ? `, including the conditions as to repayment (${listNumbers(repaymentNumbers)})` : ""}.
          </P>
          {offer.acceptance ? (
            <P>
              Accepted on {formatDate(offer.acceptance.date)} by {offer.acceptance.name}, {offer.acceptance.role}, on behalf of {accountableCouncil}.
            </P>
          ) : (
            <>
              {offer.acceptBy ? (
                <P>
                  <Text style={styles.bold}>Accept by {formatDate(offer.acceptBy)}.</Text> An offer not accepted by then lapses, unless the Office of the Police and
                  Crime Commissioner extends the date. No payment is made on an offer that has not been accepted.
                </P>
              ) : null}
              <P>
                How to accept: the partnership's lead signs in to the funding portal, opens this grant and chooses “Accept or decline this offer”
                {offer.acceptAt ? ` (${offer.acceptAt})` : ""}, then makes the declaration above with their name, role and the date, on behalf of{" "}
                {accountableCouncil}. An offer can be declined there too, with the reason.
              </P>
            </>
          )}
        </View>
      </View>
    </PdfDocument>
  );
}
