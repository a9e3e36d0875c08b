import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { CsvDownloadLink } from "../components/csv-download";
import { Select, type Option } from "../components/form-fields";
import { Pagination } from "../components/pagination";
import { StatusTag } from "../components/status-tag";
import { SuccessBanner } from "../components/success-banner";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { BID_FUNDS, BID_FUND_LABELS } from "../domain/funds";
import { TOTALS_LIMIT, listBids } from "../data/bid-list.server";
import { listFinancialYears, listPriorities } from "../data/reference.server";
import { partnershipFilter } from "../data/partnership-filter.server";
import { PartnershipFilterField } from "../components/partnership-filter";
import { listRounds } from "../data/rounds.server";
import { cspOf, hasPermission } from "../domain/access-rules";
import { BID_STATUSES, STATUS_LABELS } from "../domain/bid-lifecycle";
import { formatDateTime } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { PRIORITY_KIND_LABELS } from "../domain/priorities";
import { bidFiltersSchema, resolveBidListQuery, type BidSort } from "../forms/bid-filters";
import { parseSearchParams } from "../forms/form-state";

export const handle = { title: "Bids" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "bid:read");
  const url = new URL(request.url);
  const parsed = parseSearchParams(url, bidFiltersSchema);
  const cspId = cspOf(user);
  // A partnership's own people are never offered another's (resolveBidListQuery drops it too).
  const partnership = cspId === null ? partnershipFilter(url, parsed) : null;
  const query = { ...parsed, csp: partnership?.cspId, partnership: undefined };
  const { scope, filters } = resolveBidListQuery(query, user);
  const result = listBids(scope, filters);
  return {
    query: { ...query, sort: filters.sort, dir: filters.direction },
    result,
    // Above this many bids the list gives no money totals (app/data/bids.server.ts).
    totalsLimit: TOTALS_LIMIT,
    showCsp: cspId === null,
    canCreate: hasPermission(user, "bid:create"),
    statuses: BID_STATUSES.filter((s) => scope.includeDrafts || s !== "draft"),
    // What the filters need, no more; a partnership is not shown rounds still being set up.
    rounds: listRounds().filter((r) => cspId === null || r.status !== "draft").map((r) => ({ id: r.id, name: r.name, financialYearLabel: r.financialYearLabel })),
    years: listFinancialYears().map((y) => ({ id: y.id, label: y.label })),
    partnership,
    // A CSP sees the shared priorities and its own.
    priorities: listPriorities()
      .filter((p) => cspId === null || p.cspId === null || p.cspId === cspId)
      .map((p) => ({ id: p.id, name: p.name, kind: p.kind, cspName: p.cspName })),
  };
}

export default function BidsList() {
  const { query, result, totalsLimit, showCsp, statuses, rounds, years, partnership, priorities, canCreate } = useLoaderData<typeof loader>();
  const params = (overrides: Record<string, string | number | undefined>) => {
    const merged: Record<string, string | number | undefined> = {
      round: query.round, year: query.year, csp: query.csp, status: query.status, priority: query.priority, fund: query.fund,
      sort: query.sort, dir: query.dir, page: undefined, ...overrides,
    };
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== "") search.set(k, String(v));
    return `/bids?${search.toString()}`;
  };
  const sortLink = (sort: BidSort, label: string, numeric = false) => {
    const active = query.sort === sort;
    const nextDir = active && query.dir === "asc" ? "desc" : active ? "asc" : sort === "updated" || sort === "requested" ? "desc" : "asc";
    return (
      <th scope="col" className={`govuk-table__header${numeric ? " govuk-table__header--numeric" : ""}`} aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : "none"}>
        <a className="govuk-link" href={params({ sort, dir: nextDir })}>
          {label}
        </a>
      </th>
    );
  };
  const hasFilters = query.round || query.year || query.csp || query.status || query.priority || query.fund;
  // After deleting a draft (/bids/:id/delete). A fixed message: nothing from the address is shown.
  const [search] = useSearchParams();
  return (
    <>
      {search.get("done") === "deleted" ? <SuccessBanner id="deleted-title">The draft bid has been deleted.</SuccessBanner> : null}
      <h1 className="govuk-heading-l">Bids</h1>
      {canCreate ? (
        <p className="govuk-body">
          To start a bid, choose an open round on your <Link className="govuk-link" to="/">dashboard</Link>.
        </p>
      ) : null}
      <form method="get" action="/bids" className="govuk-!-margin-bottom-6">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <FilterSelect name="round" label="Round" value={query.round} options={rounds.map((r) => ({ value: String(r.id), label: `${r.name} (${r.financialYearLabel})` }))} />
          </div>
          <div className="govuk-grid-column-one-third">
            <FilterSelect name="year" label="Financial year" value={query.year} options={years.map((y) => ({ value: String(y.id), label: y.label }))} />
          </div>
          <div className="govuk-grid-column-one-third">
            <FilterSelect name="status" label="Status" value={query.status} options={statuses.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
          </div>
        </div>
        <div className="govuk-grid-row">
          {partnership ? (
            <div className="govuk-grid-column-one-third">
              <PartnershipFilterField id="filter-csp" filter={partnership} hrefFor={(csp) => params({ csp })} />
            </div>
          ) : null}
          <div className="govuk-grid-column-one-third">
            <FilterSelect name="fund" label="Drawing on" value={query.fund} options={BID_FUNDS.map((f) => ({ value: f, label: BID_FUND_LABELS[f] }))} />
          </div>
          <div className={showCsp ? "govuk-grid-column-one-third" : "govuk-grid-column-two-thirds"}>
            <FilterSelect
              name="priority"
              label="Priority"
              value={query.priority}
              options={priorities.map((p) => ({ value: String(p.id), label: `${p.name} (${p.kind === "csp" ? p.cspName : PRIORITY_KIND_LABELS[p.kind]})` }))}
            />
          </div>
        </div>
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Apply filters
          </button>
          {hasFilters ? (
            <a className="govuk-link" href="/bids">
              Clear filters
            </a>
          ) : null}
        </div>
      </form>

      <p className="govuk-body" id="bid-totals">
        {bidCount(result.count)}
        {result.requestedPence !== null ? (
          <>
            , requesting <strong>{formatPence(result.requestedPence)}</strong> in all
            {result.withdrawnCount ? `, not counting ${result.withdrawnCount === 1 ? "1 withdrawn bid" : `${result.withdrawnCount.toLocaleString("en-GB")} withdrawn bids`}` : ""}
          </>
        ) : null}
        {result.pages > 1 ? ` (page ${result.page} of ${result.pages.toLocaleString("en-GB")})` : ""}.
        {result.requestedPence !== null ? null : ` To see what they request in all, filter to a partnership or a round of at most ${totalsLimit.toLocaleString("en-GB")} bids.`}
      </p>
      {result.count > 0 ? <CsvDownloadLink path="/bids.csv" what="the bids matching these filters" /> : null}
      {result.rows.length === 0 ? (
        <p className="govuk-body">No bids match these filters.</p>
      ) : (
        <TableRegion label="Bids">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Bids, sorted by {sortDescription(query.sort, query.dir)}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              {sortLink("title", "Title")}
              {showCsp ? sortLink("csp", "Partnership") : null}
              <th scope="col" className="govuk-table__header">Round</th>
              {sortLink("status", "Status")}
              {sortLink("requested", "Requested", true)}
              {sortLink("updated", "Last updated")}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {result.rows.map((bid) => (
              <tr key={bid.id} className="govuk-table__row">
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/bids/${bid.id}`}>
                    {bid.title}
                  </Link>
                  {bid.fund === "central" ? <SecondaryLine>Central fund</SecondaryLine> : null}
                </td>
                {showCsp ? <td className="govuk-table__cell">{bid.cspName}</td> : null}
                <td className="govuk-table__cell">
                  {bid.roundName} ({bid.financialYearLabel})
                </td>
                <td className="govuk-table__cell">
                  <StatusTag status={bid.status} />
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(bid.requestedPence)}</td>
                <td className="govuk-table__cell">{formatDateTime(bid.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableRegion>
      )}
      <Pagination page={result.page} pages={result.pages} hrefFor={(page) => params({ page })} />
    </>
  );
}

const bidCount = (n: number) => (n === 1 ? "1 bid" : `${n.toLocaleString("en-GB")} bids`);

/** The table's order in words, for its caption ("last updated, newest first"). */
function sortDescription(sort: BidSort, dir: "asc" | "desc"): string {
  const orders: Record<BidSort, [string, string, string]> = {
    updated: ["last updated", "oldest first", "newest first"],
    title: ["title", "A to Z", "Z to A"],
    requested: ["amount requested", "smallest first", "largest first"],
    csp: ["partnership", "A to Z", "Z to A"],
    status: ["status", "A to Z", "Z to A"],
  };
  const [what, ascending, descending] = orders[sort];
  return `${what}, ${dir === "asc" ? ascending : descending}`;
}

function FilterSelect({ name, label, value, options }: { name: string; label: string; value: string | number | undefined; options: Option[] }) {
  return <Select id={`filter-${name}`} name={name} label={label} options={[{ value: "", label: "All" }, ...options]} defaultValue={value === undefined ? "" : String(value)} fullWidth />;
}
