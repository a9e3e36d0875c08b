import { Text, View } from "@react-pdf/renderer";
import { formatDate, formatDateTime } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import type { ReportView } from "../domain/scrutiny-report";
import { H2, H3, KeyFigures, P, PdfDocument, Table, styles, type PdfOpcc } from "./layout";

/**
 * The scrutiny committee's annual report as a PDF to hand to the committee (decision record 026):
 * the same sections as the page, each figure naming the record it comes from (bid number, PCC
 * decision reference, grant number, invoice reference) where the page links to it.
 */

export function scrutinyDocumentTitle(report: Pick<ReportView, "cspName" | "yearLabel">) {
  return `Scrutiny report ${report.yearLabel}: ${report.cspName}`;
}

export interface ScrutinyDocumentProps {
  report: ReportView;
  opcc?: PdfOpcc;
  introduction: { text: string; updatedByName: string; updatedAt: string } | null;
  generatedAt?: Date;
}

export function ScrutinyDocument({ report, introduction, opcc, generatedAt = new Date() }: ScrutinyDocumentProps) {
  const title = scrutinyDocumentTitle(report);
  const n = report.sections.length;
  return (
    <PdfDocument
      opcc={opcc}
      title={title}
      subject={`Annual report to the scrutiny committee: funding from the Police and Crime Commissioner, ${report.yearLabel}`}
      keywords={`scrutiny, ${report.cspName}, ${report.yearLabel}`}
      headerNote={`${report.cspName} · ${report.yearLabel}`}
    >
      <Text style={styles.caption}>Annual report to the scrutiny committee{report.accountableCouncil ? `, ${report.accountableCouncil}` : ""}</Text>
      <Text style={styles.title}>
        {report.cspName}: funding from the Police and Crime Commissioner, {report.yearLabel}
      </Text>
      <P muted>
        {`Every figure is read from the portal's records; each names its record (bid number, PCC decision reference, grant number). Produced ${formatDateTime(generatedAt.toISOString())}. `}
        {report.yearClosed ? `The OPCC has closed ${report.yearLabel}: its figures are final.` : `${report.yearLabel} is still open: its figures may change as returns come in.`}
      </P>

      <H2>Introduction</H2>
      {introduction ? (
        <>
          {introduction.text.split(/\n{2,}/).map((p, i) => (
            <P key={i}>{p}</P>
          ))}
          <P muted>{`Written by ${introduction.updatedByName}, last changed ${formatDateTime(introduction.updatedAt)}.`}</P>
        </>
      ) : (
        <P muted>The partnership has not written an introduction.</P>
      )}

      {report.sections.map((section, index) => (
        <View key={section.round.roundId}>
          <H2>{`${index + 1}. ${section.heading}`}</H2>
          {section.allocationWords.map((w) => (
            <P key={w}>{w}</P>
          ))}
          {section.round.allocationPence !== null && !section.fromEarlierYear ? (
            <KeyFigures
              figures={[
                ["Provisional allocation", formatPence(section.round.allocationPence)],
                ["Approved by the PCC", formatPence(section.totals.grantedPence)],
                [section.leftPence !== null && section.leftPence < 0 ? "Over the allocation" : "Left of the allocation", formatPence(Math.abs(section.leftPence ?? 0))],
              ]}
            />
          ) : null}
          {section.round.indicators.length && !section.fromEarlierYear ? (
            <Table
              columns={[
                { header: "Formula measure", width: "40%" },
                { header: "Weight", width: "15%", numeric: true },
                { header: report.cspName, width: "22%", numeric: true },
                { header: "All partnerships", width: "23%", numeric: true },
              ]}
              rows={section.round.indicators.map((i) => [i.label, i.weight.toLocaleString("en-GB"), i.value === null ? "Not given" : i.value.toLocaleString("en-GB"), i.total.toLocaleString("en-GB")])}
            />
          ) : null}
          <P>{section.summary}</P>
          {section.bids.length ? (
            <Table
              columns={[
                { header: "Bid", width: section.multiYear ? "26%" : "36%" },
                { header: "Decision", width: section.multiYear ? "18%" : "22%" },
                { header: "Asked for", width: "14%", numeric: true },
                { header: "Approved", width: "14%", numeric: true },
                ...(section.multiYear ? [{ header: `Of which for ${report.yearLabel}`, width: "14%", numeric: true }] : []),
                { header: `Spent in ${report.yearLabel}`, width: "14%", numeric: true },
              ]}
              rows={section.bids.map((b) => [
                <View key="bid">
                  <Text>{`${b.title} (bid ${b.bidId}${b.grantId !== null ? `, grant ${b.grantId}` : ""})`}</Text>
                  {b.partApproval.map((line) => (
                    <Text key={line} style={[styles.muted, { fontSize: 8, marginTop: 2 }]}>
                      {line}
                    </Text>
                  ))}
                </View>,
                b.decisionReference ? `${b.decisionReference}: ${b.statusWords}${b.decidedOn ? `, ${formatDate(b.decidedOn)}` : ""}` : b.statusWords,
                formatPence(b.requestedPence),
                b.grantedPence !== null ? formatPence(b.grantedPence) : "Not decided",
                ...(section.multiYear ? [b.grantId !== null ? formatPence(b.yearSharePence) : "–"] : []),
                b.grantId !== null ? formatPence(b.spentPence) : "–",
              ])}
              total={["Total", "", formatPence(section.totals.requestedPence), formatPence(section.totals.grantedPence), ...(section.multiYear ? [formatPence(section.totals.yearSharePence)] : []), formatPence(section.totals.spentPence)]}
            />
          ) : null}
        </View>
      ))}

      <H2>{`${n + 1}. Match funding`}</H2>
      <P>{report.matchFunding.words}</P>
      {report.matchFunding.rows.length ? (
        <Table
          columns={[
            { header: "Bid", width: "40%" },
            { header: "From", width: "30%" },
            { header: "Kind", width: "12%" },
            { header: "Amount", width: "18%", numeric: true },
          ]}
          rows={report.matchFunding.rows.map((m) => [`${m.bidTitle} (bid ${m.bidId})`, m.source, m.kind === "cash" ? "Cash" : "In kind", formatPence(m.amountPence)])}
        />
      ) : null}

      <H2>{`${n + 2}. Outcomes against targets`}</H2>
      <P>{`${report.outcomes.words} Each figure is the latest in an accepted quarterly return up to the end of ${report.yearLabel}.`}</P>
      {report.outcomes.rows.length ? (
        <Table
          columns={[
            { header: "Bid and measure", width: "40%" },
            { header: "Baseline", width: "12%", numeric: true },
            { header: "Target", width: "14%", numeric: true },
            { header: "Achieved", width: "14%", numeric: true },
            { header: "Result", width: "20%" },
          ]}
          rows={report.outcomes.rows.map((o) => [
            `${o.bidTitle} (bid ${o.bidId}): ${o.measure} (${o.unit})`,
            o.baseline ?? "–",
            `${o.target ?? "–"}${o.targetDate ? ` by ${formatDate(o.targetDate)}` : ""}`,
            `${o.actual ?? "–"}${o.actualFrom ? ` (${o.actualFrom})` : ""}`,
            o.verdictWords,
          ])}
        />
      ) : null}

      <H2>{`${n + 3}. Underspend and what became of it`}</H2>
      <P>{report.underspends.words}</P>
      {report.underspends.rows.map((u) => (
        <View key={u.grantId} style={{ marginBottom: 4 }} wrap={false}>
          <Text>{`${u.bidTitle} (grant ${u.grantId}): ${u.words}`}</Text>
          {u.reasons.length ? <Text style={[styles.muted, { fontSize: 9 }]}>{u.reasons.join(" ")}</Text> : null}
        </View>
      ))}
      {report.clawbacks.rows.length ? (
        <>
          <H3>Money repaid to the OPCC (clawbacks)</H3>
          {report.clawbacks.rows.map((c) => (
            <P key={c.id}>{`${c.bidTitle} (grant ${c.grantId}): ${c.words}.`}</P>
          ))}
          <P>{report.clawbacks.outstandingPence ? `${formatPence(report.clawbacks.outstandingPence)} is still to be repaid.` : "Nothing is still to be repaid."}</P>
        </>
      ) : null}
    </PdfDocument>
  );
}
