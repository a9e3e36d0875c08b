import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { CsvDownloadLink } from "../components/csv-download";
import { Select } from "../components/form-fields";
import { Pagination } from "../components/pagination";
import { StatusTag } from "../components/status-tag";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { partnershipFilter } from "../data/partnership-filter.server";
import { PartnershipFilterField } from "../components/partnership-filter";
import { listReviewers, reviewQueue } from "../data/review.server";
import { listRounds } from "../data/rounds.server";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { parseSearchParams } from "../forms/form-state";
import { reviewQuerySchema } from "../forms/review";

export const handle = { title: "Bids to review" };

const AGES = [
  { value: "7", label: "Submitted over a week ago" },
  { value: "14", label: "Submitted over 2 weeks ago" },
  { value: "28", label: "Submitted over 4 weeks ago" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "review:read");
  const url = new URL(request.url);
  const parsed = parseSearchParams(url, reviewQuerySchema);
  const partnership = partnershipFilter(url, parsed);
  const query = { ...parsed, csp: partnership.cspId, partnership: undefined };
  return {
    query,
    queue: reviewQueue({ roundId: query.round, cspId: query.csp, reviewerId: query.reviewer, olderThanDays: query.age, page: query.page }),
    rounds: listRounds(),
    partnership,
    reviewers: listReviewers(),
  };
}

export default function ReviewQueue() {
  const { query, queue, rounds, partnership, reviewers } = useLoaderData<typeof loader>();
  const all = (options: { value: string; label: string }[]) => [{ value: "", label: "All" }, ...options];
  const href = (page: number | undefined, csp = query.csp) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ round: query.round, csp, reviewer: query.reviewer, age: query.age, page })) if (v !== undefined) params.set(k, String(v));
    return `/review?${params}`;
  };
  return (
    <>
      <h1 className="govuk-heading-l">Bids to review</h1>
      <form method="get" action="/review">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-quarter">
            <Select id="filter-round" name="round" label="Round" fullWidth options={all(rounds.map((r) => ({ value: String(r.id), label: `${r.name} (${r.financialYearLabel})` })))} defaultValue={query.round ? String(query.round) : ""} />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <PartnershipFilterField id="filter-csp" filter={partnership} hrefFor={(csp) => href(undefined, csp)} />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <Select id="filter-reviewer" name="reviewer" label="Reviewer" fullWidth options={all(reviewers.map((r) => ({ value: String(r.id), label: r.name })))} defaultValue={query.reviewer ? String(query.reviewer) : ""} />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <Select id="filter-age" name="age" label="Waiting" fullWidth options={all(AGES)} defaultValue={query.age ? String(query.age) : ""} />
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Apply filters
        </button>
      </form>
      <p className="govuk-body">
        {queue.count === 1 ? "1 bid is" : `${queue.count} bids are`} waiting for review, oldest first.
      </p>
      {queue.count > 0 ? <CsvDownloadLink path="/review.csv" what="the bids waiting for review matching these filters" /> : null}
      {queue.rows.length ? (
        <TableRegion label="Bids waiting for review">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Bids waiting for review, oldest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Bid</th>
              <th scope="col" className="govuk-table__header">Partnership</th>
              <th scope="col" className="govuk-table__header">Submitted</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">Reviewers</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Requested</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {queue.rows.map((row) => (
              <tr key={row.id} className="govuk-table__row">
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/bids/${row.id}/review`}>
                    {row.title}
                  </Link>
                  <SecondaryLine>{row.roundName}</SecondaryLine>
                </td>
                <td className="govuk-table__cell">{row.cspName}</td>
                <td className="govuk-table__cell">{row.submittedAt ? formatDate(row.submittedAt.slice(0, 10)) : "Not recorded"}</td>
                <td className="govuk-table__cell">
                  <StatusTag status={row.status} />
                </td>
                <td className="govuk-table__cell">{row.reviewers ?? "None yet"}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(row.requestedPence)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableRegion>
      ) : (
        <p className="govuk-body">No bids match these filters.</p>
      )}
      <Pagination page={queue.page} pages={queue.pages} hrefFor={href} />
    </>
  );
}
