import { stringify } from "csv-stringify/sync";
import { penceAsDecimal } from "../domain/finance-export";

/**
 * The portal's CSV downloads (decision record 028), one way for all of them:
 * - UTF-8 with a byte-order mark, so that Excel reads names like "Hinckley & Bosworth" or "£" right;
 * - every text cell that starts with = + - @, a tab or a carriage return escaped against formula
 *   injection (csv-stringify's `escape_formulas`: a leading apostrophe), so a bid titled
 *   "=HYPERLINK(…)" is text in a spreadsheet, never a formula; numbers (money, ids) are numbers;
 * - money in pounds as plain decimals ("1535.00", "-12.30"), from integer pence;
 * - streamed: the rows come from the database a batch at a time (`batches`, pulled only as the
 *   download is read), each batch written through csv-stringify, so no export is ever held whole.
 */

export type CsvKind = "text" | "money" | "integer";

export interface CsvColumn<R> {
  header: string;
  /** text (the default), money (integer pence, written as pounds) or integer. */
  kind?: CsvKind;
  value: (row: R) => string | number | null | undefined;
}

const BOM = "\uFEFF";

/** One batch of rows as CSV text (with the header row when `header`). */
export function csvChunk<R>(columns: readonly CsvColumn<R>[], rows: readonly R[], { header = false }: { header?: boolean } = {}): string {
  const records = rows.map((row) => columns.map((c) => c.value(row) ?? null));
  return stringify(header ? [columns.map((c) => c.header), ...records] : records, {
    escape_formulas: true,
    record_delimiter: "windows",
    cast: {
      // A number keeps its type (so escape_formulas leaves "-12.30" alone); money is pence.
      number: (value, context) => (columns[Number(context.index)]?.kind === "money" && !context.header ? penceAsDecimal(value) : String(value)),
    },
  });
}

/**
 * A CSV download: the header row, then each batch as the reader asks for it. `batches` runs its
 * queries only when pulled, each one complete before the next is made (no statement is left open
 * on the process's one connection between pulls), and each pull first lets the event loop turn.
 * `signal` is the request's: once it aborts, no more batches are read.
 */
export function csvResponse<R>({ filename, columns, batches, signal }: { filename: string; columns: readonly CsvColumn<R>[]; batches: Iterable<R[]>; signal: AbortSignal }): Response {
  const encoder = new TextEncoder();
  let iterator: Iterator<R[]> | null = null;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!iterator) {
        iterator = batches[Symbol.iterator]();
        controller.enqueue(encoder.encode(BOM + csvChunk(columns, [], { header: true })));
        return;
      }
      // Let the event loop serve other requests between batches: a long export is read in turns,
      // never in one stretch that holds up every page.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (cancelled) return;
      // The reader went away (the request's signal aborts when its connection closes first): the
      // server's adapter would go on reading the stream to its end into a closed socket, so the
      // export stops here instead of working out every row for nobody.
      if (signal.aborted) {
        iterator.return?.();
        return controller.close();
      }
      // An empty batch is skipped rather than left unanswered (a pull that enqueues nothing is not pulled again).
      for (;;) {
        const next = iterator.next();
        if (next.done) return controller.close();
        if (next.value.length > 0) return controller.enqueue(encoder.encode(csvChunk(columns, next.value)));
      }
    },
    cancel() {
      cancelled = true;
      iterator?.return?.();
    },
  });
  return new Response(stream, { status: 200, headers: downloadHeaders(filename, "text/csv; charset=utf-8") });
}

/** The headers of a file to download: its type, its name, and never kept by a shared cache. */
export function downloadHeaders(filename: string, contentType: string): Headers {
  return new Headers({
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "-")}"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  });
}

/**
 * Keyset batches: `fetch(after)` returns up to `size` rows following the row `after` (null for the
 * first batch) in the list's own order; the next batch follows the last row of this one. Each
 * batch is one indexed query, however deep into the list, and only one batch is held at a time.
 */
export function* keysetBatches<R>(fetch: (after: R | null, size: number) => R[], size = 500): Generator<R[]> {
  let after: R | null = null;
  for (;;) {
    const rows = fetch(after, size);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    after = rows[rows.length - 1];
  }
}

/** A download's file name: what it is and the day it was made ("bids-2026-12-01.csv"). */
export const datedFilename = (what: string, today: string, extension: string) => `${what}-${today}.${extension}`;
