import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageNumber } from "../forms/page-query";
import { requireUser } from "../auth/access.server";
import { Pagination } from "../components/pagination";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { listRoundsPage } from "../data/rounds.server";
import { hasPermission } from "../domain/access-rules";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { roundPhase, roundStateText } from "../domain/round-window";
import { parseSearchParams } from "../forms/form-state";

export const handle = { title: "Funding rounds" };

const querySchema = z.object({
  page: pageNumber,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "round:read");
  const { page } = parseSearchParams(new URL(request.url), querySchema);
  const now = new Date();
  const listed = listRoundsPage(page);
  // Whether each round takes bids is worked out here, by the one rule, not from its status alone.
  const rounds = listed.rows.map((r) => ({ ...r, phase: roundPhase(r, now), stateText: roundStateText(r, now) }));
  return { rounds, count: listed.count, page: listed.page, pages: listed.pages, canManage: hasPermission(user, "round:manage") };
}

const PHASE_TAG = {
  draft: ["Not open yet", "govuk-tag--grey"],
  not_open_yet: ["Not open yet", "govuk-tag--grey"],
  open: ["Open", "govuk-tag--green"],
  closed: ["Closed", "govuk-tag--red"],
} as const;

export default function Rounds() {
  const { rounds, count, page, pages, canManage } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Funding rounds</h1>
      {canManage ? (
        <Link className="govuk-button" to="/rounds/new" data-module="govuk-button">
          Create a round
        </Link>
      ) : null}
      {rounds.length === 0 ? (
        <p className="govuk-body">
          {canManage
            ? "There are no funding rounds yet. Create one for a funding stream and a financial year, set its allocations, then open it for bids."
            : "There are no funding rounds yet. The OPCC's round managers create them."}
        </p>
      ) : (
      <TableRegion label="Funding rounds">
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--s">
          {count === 1 ? "1 round" : `${count.toLocaleString("en-GB")} rounds`}, newest year first{pages > 1 ? `, page ${page} of ${pages}` : ""}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Round</th>
            <th scope="col" className="govuk-table__header">Year</th>
            <th scope="col" className="govuk-table__header">Open</th>
            <th scope="col" className="govuk-table__header">Status</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Pot</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rounds.map((r) => (
            <tr key={r.id} className="govuk-table__row">
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/rounds/${r.id}`}>
                  {r.name}
                </Link>
                <SecondaryLine>{r.streamName}</SecondaryLine>
              </td>
              <td className="govuk-table__cell">{r.financialYearLabel}</td>
              <td className="govuk-table__cell">
                {formatDate(r.opensOn)} to {formatDate(r.closesOn)}
              </td>
              <td className="govuk-table__cell">
                <strong className={`govuk-tag ${PHASE_TAG[r.phase][1]}`}>{PHASE_TAG[r.phase][0]}</strong>
                {r.phase === "draft" ? null : (
                  <>
                    {" "}
                    <span className="govuk-hint govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">{r.stateText}</span>
                  </>
                )}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(r.totalPotPence)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableRegion>
      )}
      <Pagination page={page} pages={pages} hrefFor={(n) => `/rounds?page=${n}`} label="Pages of rounds" />
    </>
  );
}
