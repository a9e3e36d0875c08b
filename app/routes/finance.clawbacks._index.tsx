import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { Pagination } from "../components/pagination";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { listClawbacks } from "../data/clawbacks.server";
import { defaultFinanceYear, financeYears } from "../data/finance.server";
import {
  CLAWBACK_STATUS_LABELS,
  CLAWBACK_STATUS_TAGS,
  type ClawbackStatus,
} from "../domain/clawback-lifecycle";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { ukDate } from "../domain/round-window";
import { financeHref } from "../forms/finance-filters";

export const handle = { title: "Clawbacks" };

const STATUSES = ["raised", "invoiced", "received", "waived"] as const;

/**
 * /finance/clawbacks?fy=&status=&page=: OPCC finance's list of a financial year's clawbacks, raised
 * from returned underspends and from correcting decisions, newest first, paged in SQL. Anything
 * malformed in the query is ignored.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "clawback:manage");
  const url = new URL(request.url);
  const years = financeYears();
  const asked = years.find((y) => y.label === url.searchParams.get("fy"));
  const yearId = asked?.id ?? defaultFinanceYear(years, ukDate(new Date()));
  const year = years.find((y) => y.id === yearId);
  const rawStatus = url.searchParams.get("status");
  const status = STATUSES.find((s) => s === rawStatus);
  const rawPage = url.searchParams.get("page");
  const page =
    rawPage && /^\d{1,6}$/.test(rawPage) ? Math.max(1, Number(rawPage)) : 1;
  return {
    years: years.map((y) => y.label),
    year: year?.label ?? null,
    status: status ?? null,
    list: year
      ? listClawbacks({ financialYearId: year.id, status, page })
      : null,
  };
}

export default function Clawbacks() {
  const { years, year, status, list } = useLoaderData<typeof loader>();
  const href = (p: Record<string, string | number | undefined>) =>
    financeHref("/finance/clawbacks", {
      fy: year ?? undefined,
      status: status ?? undefined,
      ...p,
    });
  return (
    <>
      <nav className="govuk-breadcrumbs" aria-label="Breadcrumb">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item">
            <Link
              className="govuk-breadcrumbs__link"
              to={financeHref("/finance", { fy: year ?? undefined })}
            >
              Reconciliation
            </Link>
          </li>
        </ol>
      </nav>
      <h1 className="govuk-heading-l">Clawbacks{year ? ` ${year}` : ""}</h1>
      <p className="govuk-body">
        Money a partnership&apos;s council must repay: what was paid and not
        spent when an underspend is returned, or more paid than a correcting
        decision grants.
      </p>
      <form
        method="get"
        action="/finance/clawbacks"
        className="govuk-!-margin-bottom-6"
      >
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-quarter">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="fy">
                Financial year
              </label>
              <select
                className="govuk-select govuk-!-width-full"
                id="fy"
                name="fy"
                defaultValue={year ?? undefined}
              >
                {years.map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="govuk-grid-column-one-quarter">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="status">
                Status
              </label>
              <select
                className="govuk-select govuk-!-width-full"
                id="status"
                name="status"
                defaultValue={status ?? ""}
              >
                <option value="">Any status</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {CLAWBACK_STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </div>
        <button
          type="submit"
          className="govuk-button govuk-button--secondary"
          data-module="govuk-button"
        >
          Show clawbacks
        </button>
      </form>
      {!list ? (
        <p className="govuk-body">
          There are no financial years in the portal yet.
        </p>
      ) : (
        <>
          <dl className="govuk-summary-list" id="clawback-totals">
            {STATUSES.map((s) => {
              const t = list.totals.find((x) => x.status === s);
              return (
                <div key={s} className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">
                    {CLAWBACK_STATUS_LABELS[s]}
                  </dt>
                  <dd className="govuk-summary-list__value">
                    {t ? `${t.count} · ${formatPence(t.amountPence)}` : "None"}
                  </dd>
                </div>
              );
            })}
          </dl>
          {list.rows.length === 0 ? (
            <p className="govuk-body">
              No clawbacks
              {status ? ` ${CLAWBACK_STATUS_LABELS[status].toLowerCase()}` : ""}{" "}
              in {year}.
            </p>
          ) : (
            <TableRegion label="Clawbacks">
              <table
                className="govuk-table govuk-table--small-text-until-tablet"
                id="clawbacks"
              >
                <caption className="govuk-table__caption govuk-visually-hidden">
                  Clawbacks, newest first
                </caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      Grant
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Raised
                    </th>
                    <th
                      scope="col"
                      className="govuk-table__header govuk-table__header--numeric"
                    >
                      Amount
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Status
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {list.rows.map((r) => (
                    <tr key={r.id} className="govuk-table__row">
                      <th scope="row" className="govuk-table__header">
                        <Link
                          className="govuk-link"
                          to={`/finance/clawbacks/${r.id}`}
                        >
                          {r.title}
                        </Link>
                        <SecondaryLine>
                          {r.cspName} ·{" "}
                          {r.fromUnderspend
                            ? "Underspend returned"
                            : "Correcting decision"}
                        </SecondaryLine>
                      </th>
                      <td className="govuk-table__cell">
                        {formatDate(r.createdAt.slice(0, 10))}
                      </td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">
                        {formatPence(r.amountPence)}
                      </td>
                      <td className="govuk-table__cell">
                        <StatusTag status={r.status} />
                        {r.invoiceReference ? (
                          <SecondaryLine>
                            Invoice {r.invoiceReference}
                          </SecondaryLine>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )}
          <Pagination
            page={list.page}
            pages={list.pages}
            hrefFor={(p) => href({ page: p })}
          />
        </>
      )}
    </>
  );
}

export const StatusTag = ({ status }: { status: ClawbackStatus }) => (
  <strong className={`govuk-tag ${CLAWBACK_STATUS_TAGS[status]}`}>
    {CLAWBACK_STATUS_LABELS[status]}
  </strong>
);
