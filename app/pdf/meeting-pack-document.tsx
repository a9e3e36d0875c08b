import { Text, View } from "@react-pdf/renderer";
import { formatDate, formatDateTime } from "../domain/financial-years";
import { formatPence, sumPence } from "../domain/money";
import { plural } from "../domain/plural";
import { H2, H3, KeyFigures, P, PdfDocument, SummaryList, Table, styles, type Column, type PdfOpcc } from "./layout";
import type { MeetingPack, MeetingPackBid } from "./types";

/**
 * The PCC's decision-meeting pack for a round: a summary table of every bid (partnership, title,
 * requested, moderated score, band, recommended amount), then each bid on its own with its summary
 * and the comments the reviewers shared with the partnership. Internal comments are not in the
 * data it is given (app/data/meeting-pack.server.ts), so they cannot be printed.
 */

export function meetingPackTitle(pack: Pick<MeetingPack, "roundName" | "part">) {
  return `Decision meeting pack: ${pack.roundName}${pack.part.of > 1 ? ` (part ${pack.part.number} of ${pack.part.of})` : ""}`;
}

const COLUMNS: Column[] = [
  { header: "Partnership", width: "19%" },
  { header: "Bid", width: "25%" },
  { header: "Requested", width: "13%", numeric: true },
  { header: "Moderated score", width: "14%" },
  { header: "Band", width: "14%" },
  { header: "Recommended", width: "15%", numeric: true },
];

export function MeetingPackDocument({ pack, opcc }: { pack: MeetingPack; opcc?: PdfOpcc }) {
  const title = meetingPackTitle(pack);
  const requested = sumPence(pack.bids.map((b) => b.requestedPence));
  const recommended = sumPence(pack.bids.map((b) => b.recommendedPence ?? 0));
  const referred = pack.bids.filter((b) => b.recommendedPence === null && b.score !== null).length;
  const unmoderated = pack.bids.filter((b) => b.score === null).length;
  // The summary's first rows follow the introduction; the rest go on in parts of a few pages each.
  const rows = pack.bids.map((b) => [b.cspName, b.title, formatPence(b.requestedPence), b.score ?? "Not yet moderated", b.bandLabel ?? "", b.recommendation]);
  const summaryRows = [rows.slice(0, SUMMARY_FIRST_ROWS), ...chunk(rows.slice(SUMMARY_FIRST_ROWS), SUMMARY_ROWS_PER_PART)];
  const summaryTotal = ["Total", "", formatPence(requested), "", "", formatPence(recommended)];
  return (
    <PdfDocument
      opcc={opcc}
      title={title}
      subject={`Bids to ${pack.roundName} for the PCC's decision`}
      keywords={`decision meeting, ${pack.roundName}`}
      headerNote="OFFICIAL: for the PCC's decision meeting"
      parts={[
        ...summaryRows.slice(1).map((rows, i) => <Table columns={COLUMNS} rows={rows} total={i === summaryRows.length - 2 ? summaryTotal : undefined} />),
        ...chunk(pack.bids, BIDS_PER_PART).map((bids, part) => bids.map((bid, i) => <BidSection key={bid.id} bid={bid} number={pack.part.firstBid + part * BIDS_PER_PART + i} first={part === 0 && i === 0} />)),
      ]}
    >
      <Text style={styles.caption}>
        {pack.streamName} · {pack.financialYearLabel} · Decision meeting pack
      </Text>
      <Text style={styles.title}>{pack.roundName}</Text>
      <P muted>Prepared on {formatDate(pack.preparedOn)} from the portal's records.</P>
      <KeyFigures
        figures={[
          [pack.part.of > 1 ? "Bids in this part" : "Bids", String(pack.bids.length)],
          ["Requested", formatPence(requested)],
          ["Recommended", formatPence(recommended)],
          ["Total pot", formatPence(pack.totalPotPence)],
        ]}
      />
      <P>
        {[
          pack.part.of > 1
            ? `The round has ${pack.part.bidsInRound.toLocaleString("en-GB")} bids, too many for one pack: this is part ${pack.part.number} of ${pack.part.of}, bids ${pack.part.firstBid.toLocaleString("en-GB")} to ${(pack.part.firstBid + pack.bids.length - 1).toLocaleString("en-GB")} in order of partnership and then title. Its figures are this part's.`
            : "",
          `Each bid's moderated score is the lead reviewer's; its band is the review's recommendation. A bid in the top band is recommended in full, one in the lowest is not recommended, and one between is for the PCC to decide.`,
          referred ? `${plural(referred, "bid is", "bids are")} for the PCC to decide.` : "",
          unmoderated ? `${plural(unmoderated, "bid has", "bids have")} not yet been moderated.` : "",
          pack.withdrawnCount ? `${plural(pack.withdrawnCount, "bid", "bids")} withdrawn after submission ${pack.withdrawnCount === 1 ? "is" : "are"} not included.` : "",
        ]
          .filter(Boolean)
          .join(" ")}
      </P>

      <H2>Summary of bids</H2>
      {pack.bids.length === 0 ? (
        <P>No bids have been submitted to this round.</P>
      ) : (
        <Table columns={COLUMNS} rows={summaryRows[0]} total={summaryRows.length === 1 ? summaryTotal : undefined} />
      )}

    </PdfDocument>
  );
}

/**
 * A pack is laid out in parts (PdfDocument's `parts`), each from a new page: the summary table's
 * rows after the first page's in parts of about two pages, then the bids five to a part.
 */
const SUMMARY_FIRST_ROWS = 20;
const SUMMARY_ROWS_PER_PART = 60;
const BIDS_PER_PART = 5;
const chunk = <T,>(list: T[], size: number) => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

function BidSection({ bid, number, first }: { bid: MeetingPackBid; number: number; first: boolean }) {
  return (
    <View>
      {first ? <Text style={[styles.h2, { marginTop: 0 }]}>The bids</Text> : null}
      <H3>
        {number}. {bid.title}
      </H3>
      <SummaryList
        rows={[
          ["Partnership", bid.cspName],
          ["Fund", bid.fundLabel],
          ["Status", bid.statusLabel],
          ["Requested", formatPence(bid.requestedPence)],
          ["Moderated score", bid.score ? `${bid.score} (moderated by ${bid.moderatedBy})` : `Not yet moderated: ${bid.notModeratedBecause ?? "no score has been recorded"}`],
          ...(bid.bandLabel ? ([["Band", bid.bandLabel]] as [string, string][]) : []),
          ["Recommended", bid.recommendation],
          ...(bid.decision
            ? ([
                [
                  "Decision",
                  `${bid.decision.outcomeLabel} on ${formatDate(bid.decision.decidedOn)} (${bid.decision.reference})${bid.decision.grantedPence !== null ? `: ${formatPence(bid.decision.grantedPence)} granted` : ""}`,
                ],
              ] as [string, string][])
            : []),
        ]}
      />
      <Text style={[styles.bold, { marginTop: 8, marginBottom: 2 }]}>Summary</Text>
      <P>{bid.summary || "No summary given."}</P>
      <Text style={[styles.bold, { marginTop: 4, marginBottom: 2 }]} minPresenceAhead={30}>
        Comments shared with the partnership
      </Text>
      {bid.sharedComments.length === 0 ? (
        <P muted>No comments were shared with the partnership.</P>
      ) : (
        bid.sharedComments.map((c, i) => (
          <View key={i} style={styles.panel}>
            <Text style={[styles.muted, { marginBottom: 2 }]}>
              {c.author}, {formatDateTime(c.createdAt)}
            </Text>
            <Text>{c.body}</Text>
          </View>
        ))
      )}
    </View>
  );
}
