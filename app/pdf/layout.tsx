import type { ReactNode } from "react";
import { Document, Page, StyleSheet, Text, View } from "@react-pdf/renderer";

/**
 * The frame every portal PDF shares: A4, the OPCC's name at the top of every page, the document's
 * name and "Page N of M" at the foot, and a few building blocks (headings, label/value rows,
 * tables, numbered lists) so the three documents look alike.
 */

/** Registered by registerFonts() in fonts.server.ts (renderPdf calls it). */
export const PDF_FONT_FAMILY = "Liberation Sans";

export const OPCC_NAME = "Office of the Police and Crime Commissioner for Leicestershire";

/**
 * The OPCC's names as /settings/opcc keeps them (app/data/opcc-settings.server.ts), passed in a
 * document's props: the workers read no database. Without them, the demo's names are printed.
 */
export interface PdfOpcc {
  officeName: string;
  pccTitle: string;
  /** The address offer letters give, a line each (empty: none printed). */
  offerAddress?: string;
  /** Who a partnership contacts about an offer (empty: the lead officer at the office). */
  offerContact?: string;
}

export const DEFAULT_PCC_TITLE = "Police and Crime Commissioner for Leicestershire";

const INK = "#0b0c0c";
const GREY = "#505a5f";
const RULE = "#b1b4b6";
const LIGHT = "#f3f2f1";
const BRAND = "#1d3c6e";

// No lineHeight anywhere: react-pdf 4.9 multiplies a line height by the font size again on every
// pagination pass, which makes "Page N of M" (a render-prop Text) vanish and can crash long
// documents (diegomura/react-pdf#3402, #3452, #3566). Spacing comes from margins and padding.
export const styles = StyleSheet.create({
  page: {
    fontFamily: PDF_FONT_FAMILY,
    fontSize: 10,
    color: INK,
    paddingTop: 64,
    paddingBottom: 56,
    paddingHorizontal: 48,
  },
  header: {
    position: "absolute",
    top: 24,
    left: 48,
    right: 48,
    paddingBottom: 6,
    borderBottomWidth: 2,
    borderBottomColor: BRAND,
    flexDirection: "row",
    justifyContent: "space-between",
    alignItems: "flex-end",
  },
  headerName: { fontSize: 9, fontWeight: "bold", color: BRAND },
  headerRight: { fontSize: 8, color: GREY },
  footer: {
    position: "absolute",
    bottom: 24,
    left: 48,
    right: 48,
    paddingTop: 6,
    borderTopWidth: 0.5,
    borderTopColor: RULE,
    flexDirection: "row",
    justifyContent: "space-between",
    fontSize: 8,
    color: GREY,
  },
  caption: { fontSize: 10, color: GREY, marginBottom: 2 },
  title: { fontSize: 20, fontWeight: "bold", marginBottom: 6 },
  h2: { fontSize: 13, fontWeight: "bold", marginTop: 14, marginBottom: 6, color: BRAND },
  h3: { fontSize: 11, fontWeight: "bold", marginTop: 8, marginBottom: 4 },
  paragraph: { marginBottom: 6 },
  muted: { color: GREY },
  bold: { fontWeight: "bold" },
  tag: {
    fontSize: 9,
    fontWeight: "bold",
    paddingVertical: 2,
    paddingHorizontal: 5,
    backgroundColor: LIGHT,
    borderWidth: 0.5,
    borderColor: RULE,
  },
  summaryRow: { flexDirection: "row", paddingVertical: 4, borderBottomWidth: 0.5, borderBottomColor: RULE },
  summaryKey: { width: "32%", paddingRight: 8, fontWeight: "bold" },
  summaryValue: { width: "68%" },
  table: { marginTop: 2, marginBottom: 6 },
  tr: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: RULE },
  th: { fontWeight: "bold", paddingVertical: 4, paddingHorizontal: 4, fontSize: 9 },
  td: { paddingVertical: 4, paddingHorizontal: 4, fontSize: 9 },
  thead: { borderBottomWidth: 1, borderBottomColor: INK },
  totalRow: { borderTopWidth: 1, borderTopColor: INK, borderBottomWidth: 0 },
  numeric: { textAlign: "right" },
  listItem: { flexDirection: "row", marginBottom: 4 },
  listNumber: { width: 22 },
  listText: { flex: 1 },
  panel: { backgroundColor: LIGHT, padding: 10, marginVertical: 6 },
  keyFigures: { flexDirection: "row", marginVertical: 6 },
  keyFigure: { flex: 1, backgroundColor: LIGHT, padding: 8, marginRight: 6 },
  keyFigureLast: { flex: 1, backgroundColor: LIGHT, padding: 8 },
  keyFigureLabel: { fontSize: 8, color: GREY, marginBottom: 2 },
  keyFigureValue: { fontSize: 13, fontWeight: "bold" },
});

export interface PdfDocumentProps {
  /** The document's title: PDF metadata, and the foot of every page. */
  title: string;
  subject?: string;
  keywords?: string;
  /** Short text at the top right of every page, e.g. a reference. */
  headerNote?: string;
  opcc?: PdfOpcc;
  children: ReactNode;
  /**
   * Parts that each start on a new page, after `children`. react-pdf lays out what is left of a
   * page's content again at every page break, so one flow of hundreds of pages takes time growing
   * with the square of its length (a 300-bid pack: 42 s); in parts of a few pages it grows with the
   * length (decision record 046).
   */
  parts?: ReactNode[];
}

/** An A4 document with the OPCC header and a numbered footer on every page. */
export function PdfDocument({ title, subject, keywords, headerNote, opcc, children, parts = [] }: PdfDocumentProps) {
  const officeName = opcc?.officeName ?? OPCC_NAME;
  const page = (content: ReactNode, key: number) => (
    <Page key={key} size="A4" style={styles.page} wrap>
      <View style={styles.header} fixed>
        <Text style={styles.headerName}>{officeName}</Text>
        {headerNote ? <Text style={styles.headerRight}>{headerNote}</Text> : null}
      </View>
      {content}
      <View style={styles.footer} fixed>
        <Text>{title}</Text>
        <Text render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
      </View>
    </Page>
  );
  return (
    <Document
      title={title}
      author={officeName}
      subject={subject}
      keywords={keywords}
      creator="Community safety funding portal"
      producer="Community safety funding portal"
      language="en-GB"
    >
      {[children, ...parts].map(page)}
    </Document>
  );
}

export function H2({ children, minPresenceAhead = 30 }: { children: ReactNode; minPresenceAhead?: number }) {
  // Keeps a heading with the start of what follows it.
  return (
    <Text style={styles.h2} minPresenceAhead={minPresenceAhead}>
      {children}
    </Text>
  );
}

export function H3({ children }: { children: ReactNode }) {
  return (
    <Text style={styles.h3} minPresenceAhead={40}>
      {children}
    </Text>
  );
}

export function P({ children, muted }: { children: ReactNode; muted?: boolean }) {
  return <Text style={muted ? [styles.paragraph, styles.muted] : styles.paragraph}>{children}</Text>;
}

/** Label and value pairs, one row each, like a GOV.UK summary list. An empty value prints "Not given". */
export function SummaryList({ rows }: { rows: [label: string, value: ReactNode][] }) {
  return (
    <View>
      {rows.map(([label, value], i) => (
        <View key={i} style={styles.summaryRow} wrap={false}>
          <Text style={styles.summaryKey}>{label}</Text>
          {value === "" || value === null || value === undefined ? (
            <Text style={[styles.summaryValue, styles.muted]}>Not given</Text>
          ) : typeof value === "string" || typeof value === "number" ? (
            <Text style={styles.summaryValue}>{value}</Text>
          ) : (
            <View style={styles.summaryValue}>{value}</View>
          )}
        </View>
      ))}
    </View>
  );
}

export interface Column {
  header: string;
  /** A share of the table's width, e.g. "40%". */
  width: string;
  numeric?: boolean;
}

/**
 * A table: a header row, body rows that never split across pages, and an optional total row.
 * Cells are strings (or Text elements) in column order.
 */
export function Table({ columns, rows, total }: { columns: Column[]; rows: ReactNode[][]; total?: ReactNode[] }) {
  // A string cell is one Text node with the column's width: fewer nodes lay out faster.
  const cell = (content: ReactNode, col: Column, header: boolean, key: number) =>
    typeof content === "string" || typeof content === "number" ? (
      <Text key={key} style={[header ? styles.th : styles.td, { width: col.width }, col.numeric ? styles.numeric : {}]}>
        {content}
      </Text>
    ) : (
      <View key={key} style={[header ? styles.th : styles.td, { width: col.width }]}>
        {content}
      </View>
    );
  return (
    <View style={styles.table}>
      <View style={[styles.tr, styles.thead]} wrap={false} minPresenceAhead={30} fixed>
        {columns.map((col, i) => cell(col.header, col, true, i))}
      </View>
      {rows.map((row, r) => (
        <View key={r} style={styles.tr} wrap={false}>
          {row.map((content, i) => cell(content, columns[i], false, i))}
        </View>
      ))}
      {total ? (
        <View style={[styles.tr, styles.totalRow]} wrap={false}>
          {total.map((content, i) => (
            <Text key={i} style={[styles.th, { width: columns[i].width }, columns[i].numeric ? styles.numeric : {}]}>
              {content}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}

/** A numbered list: 1. 2. 3. … starting at `start`. */
export function NumberedList({ items, start = 1 }: { items: string[]; start?: number }) {
  return (
    <View>
      {items.map((item, i) => (
        <View key={i} style={styles.listItem} wrap={false}>
          <Text style={styles.listNumber}>{start + i}.</Text>
          <Text style={styles.listText}>{item}</Text>
        </View>
      ))}
    </View>
  );
}

/** Lines to sign on: one per label (Signed, Name, Position, Date…). */
export function SignatureLines({ labels }: { labels: string[] }) {
  return (
    <View>
      {labels.map((label) => (
        <View key={label} style={{ flexDirection: "row", marginTop: 16 }}>
          <Text style={{ width: 70, fontWeight: "bold" }}>{label}</Text>
          <View style={{ flex: 1, borderBottomWidth: 0.75, borderBottomColor: INK }} />
        </View>
      ))}
    </View>
  );
}

/** A row of boxed key figures, e.g. total cost, match funding, requested. */
export function KeyFigures({ figures }: { figures: [label: string, value: string][] }) {
  return (
    <View style={styles.keyFigures} wrap={false}>
      {figures.map(([label, value], i) => (
        <View key={i} style={i === figures.length - 1 ? styles.keyFigureLast : styles.keyFigure}>
          <Text style={styles.keyFigureLabel}>{label}</Text>
          <Text style={styles.keyFigureValue}>{value}</Text>
        </View>
      ))}
    </View>
  );
}
