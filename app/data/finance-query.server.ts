import { cspOf, type Viewer } from "../domain/access-rules";
import type { FinanceQuery } from "../forms/finance-filters";
import { defaultFinanceYear, financeFilterOptions, financeYears, type YearScope } from "./finance.server";
import { partnershipFilter } from "./partnership-filter.server";

/**
 * Turns the reconciliation pages' query string into what they show, for one viewer: the year (the
 * one asked for, or the default), the round, stream and partnership filters that make sense for
 * it, and a notice for each that was asked for but could not be used. With the page's `url`, OPCC
 * staff get the partnership filter (app/data/partnership-filter.server.ts), which may redirect. A partnership's finance
 * officer is always confined to their own partnership, whatever the address says.
 */
export function resolveFinanceQuery(query: FinanceQuery, viewer: Viewer, today: string, url: URL | null) {
  const years = financeYears();
  const notices: string[] = [];
  const fallbackId = defaultFinanceYear(years, today);
  let year = query.fy ? years.find((y) => y.label === query.fy) : undefined;
  const fallback = years.find((y) => y.id === fallbackId);
  if (query.fy && !year && fallback) notices.push(`The portal has no financial year ${query.fy}. Showing ${fallback.label}.`);
  year ??= fallback;
  if (!year) return null;

  const ownCsp = cspOf(viewer);
  const options = financeFilterOptions(year.id, { forCsp: ownCsp !== null });
  const roundId = query.round !== undefined && options.rounds.some((r) => r.id === query.round) ? query.round : undefined;
  if (query.round !== undefined && roundId === undefined) notices.push(`That round is not one of ${year.label}'s. Showing all of its rounds.`);
  const streamId = query.stream !== undefined && options.streams.some((s) => s.id === query.stream) ? query.stream : undefined;
  if (query.stream !== undefined && streamId === undefined) notices.push(`No round of ${year.label} is in that funding stream. Showing every stream.`);
  // The partnership filter, for OPCC staff on a page that offers it (a partnership's page is one partnership's).
  const partnership = ownCsp === null && url ? partnershipFilter(url, query) : null;
  const cspId: number | undefined = ownCsp ?? partnership?.cspId;
  if (partnership && query.csp !== undefined && cspId === undefined) notices.push("There is no such partnership. Showing every partnership.");
  const scope: YearScope = { kind: "year", financialYearId: year.id, roundId, streamId, cspId };
  return {
    scope,
    year: { id: year.id, label: year.label },
    years: years.map((y) => ({ id: y.id, label: y.label, hasGrants: y.hasGrants })),
    rounds: options.rounds,
    streams: options.streams,
    partnership,
    /** The filters as they apply, for links that keep them. */
    filters: { fy: year.label, round: roundId, stream: streamId, csp: ownCsp === null ? cspId : undefined },
    notices,
  };
}

export type FinanceFilterValues = NonNullable<ReturnType<typeof resolveFinanceQuery>>["filters"];
