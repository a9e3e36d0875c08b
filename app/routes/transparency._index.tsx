import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { publicAccess } from "../auth/public-access.server";
import { Pagination } from "../components/pagination";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { listAllocations, listPublishedGrants, publishedGrantsTotal, transparencyChoices } from "../data/transparency.server";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { publicDecisionPath } from "../domain/transparency";
import { parseTransparencyQuery } from "../forms/transparency-filters";

export const handle = { title: (d: { errors?: unknown[] } | undefined) => `${d?.errors?.length ? "Error: " : ""}Published grants` };

/**
 * /transparency?fy=&csp=&stream=&page=&apage=: the PCC's crime and disorder reduction grants as the
 * Specified Information Order 2011 (Schedule para 3(f)) has them published, and the provisional
 * allocations per partnership and year. Public: no sign-in, no cookie set, cacheable for five
 * minutes when signed out (decision record 027). A filter value that is not one of the choices
 * answers 400 with an error summary.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const access = await publicAccess(request);
  const url = new URL(request.url);
  const choices = transparencyChoices();
  const query = parseTransparencyQuery(url.searchParams, choices);
  const options = {
    years: choices.years.map((y) => y.label),
    csps: choices.csps.map((c) => ({ code: c.code, name: c.name })),
    streams: choices.streams.map((s) => ({ code: s.code, name: s.name })),
  };
  if (!query.ok) {
    return data({ options, values: query.values, errors: query.errors, grants: null, allocations: null, totalPence: 0 }, { status: 400, headers: access.headers });
  }
  const grants = listPublishedGrants(query.filters, query.page);
  return data(
    {
      options,
      values: query.values,
      errors: [],
      grants: { ...grants, rows: grants.rows.map((r) => ({ ...r, href: publicDecisionPath(r.reference), supersedesHref: r.correction?.supersedesPublishable ? publicDecisionPath(r.correction.supersedesReference) : null })) },
      totalPence: publishedGrantsTotal(query.filters),
      allocations: listAllocations(query.filters, query.apage),
    },
    { headers: access.headers },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => ({
  "Cache-Control": loaderHeaders.get("Cache-Control") ?? "no-store",
  Vary: loaderHeaders.get("Vary") ?? "Cookie",
});

const OUTCOME_LABELS = { approved: "Approved", part_approved: "Part-approved" } as const;

export default function Transparency() {
  const { options, values, errors, grants, allocations, totalPence } = useLoaderData<typeof loader>();
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const href = (p: Record<string, string | number>) => {
    const q = new URLSearchParams();
    for (const key of ["fy", "csp", "stream"] as const) if (values[key]) q.set(key, values[key]);
    for (const [k, v] of Object.entries(p)) if (v !== 1) q.set(k, String(v));
    const s = q.toString();
    return `/transparency${s ? `?${s}` : ""}`;
  };
  const select = (field: "fy" | "csp" | "stream", label: string, anyLabel: string, choices: { value: string; label: string }[]) => {
    const error = errorFor(field);
    const known = choices.some((c) => c.value === values[field]);
    return (
      <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
        <label className="govuk-label" htmlFor={field}>
          {label}
        </label>
        {error ? (
          <p id={`${field}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <select className={`govuk-select govuk-!-width-full${error ? " govuk-select--error" : ""}`} id={field} name={field} defaultValue={values[field]} aria-describedby={error ? `${field}-error` : undefined}>
          <option value="">{anyLabel}</option>
          {/* What was typed is kept, even when it is not one of the choices. */}
          {values[field] && !known ? <option value={values[field]}>{values[field]}</option> : null}
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
    );
  };
  return (
    <>
      {errors.length ? (
        <div className="govuk-error-summary" data-module="govuk-error-summary">
          <div role="alert">
            <h2 className="govuk-error-summary__title">There is a problem</h2>
            <div className="govuk-error-summary__body">
              <ul className="govuk-list govuk-error-summary__list">
                {errors.map((e) => (
                  <li key={e.field}>
                    <a href={`#${e.field}`}>{e.message}</a>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </div>
      ) : null}
      <h1 className="govuk-heading-l">Published grants</h1>
      <p className="govuk-body">
        The crime and disorder reduction grants the Police and Crime Commissioner has made to Community Safety Partnerships, as the Elected Local Policing Bodies (Specified Information) Order 2011 requires: who received each grant, how much, its conditions, what it is for, and why the Commissioner considered it would reduce crime and disorder.
      </p>
      <p className="govuk-body">
        The same grants as open data in the 360Giving Data Standard: <a className="govuk-link" href="/exports/360giving.json">download as JSON</a> or <a className="govuk-link" href="/exports/360giving.csv">download as CSV</a>.
      </p>
      <form method="get" action="/transparency" className="govuk-!-margin-bottom-6">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">{select("fy", "Financial year", "Any year", options.years.map((y) => ({ value: y, label: y })))}</div>
          <div className="govuk-grid-column-one-third">{select("csp", "Partnership", "Any partnership", options.csps.map((c) => ({ value: c.code, label: c.name })))}</div>
          <div className="govuk-grid-column-one-third">{select("stream", "Funding stream", "Any stream", options.streams.map((s) => ({ value: s.code, label: s.name })))}</div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Show grants
        </button>
      </form>
      {grants ? (
        <>
          <h2 className="govuk-heading-m" id="grants-heading">
            {grants.total === 1 ? "1 grant" : `${grants.total.toLocaleString("en-GB")} grants`}, {formatPence(totalPence)} granted
          </h2>
          {grants.rows.length === 0 ? (
            <p className="govuk-body">No published grants match these choices.</p>
          ) : (
            <ol className="govuk-list portal-published-grants" aria-labelledby="grants-heading">
              {grants.rows.map((g) => (
                <li key={g.decisionId} className="govuk-!-margin-bottom-7">
                  <h3 className="govuk-heading-s govuk-!-margin-bottom-2">
                    <a className="govuk-link" href={g.href}>
                      {g.title}
                    </a>
                  </h3>
                  <dl className="govuk-summary-list govuk-summary-list--no-border govuk-!-margin-bottom-2">
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Recipient</dt>
                      <dd className="govuk-summary-list__value">
                        {g.accountableCouncil}
                        <SecondaryLine>for the {g.cspName}</SecondaryLine>
                      </dd>
                    </div>
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Amount granted</dt>
                      <dd className="govuk-summary-list__value">
                        {formatPence(g.grantedPence)}
                        {g.outcome === "part_approved" ? <SecondaryLine>Part-approved: {formatPence(g.requestedPence)} was asked for</SecondaryLine> : null}
                      </dd>
                    </div>
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Decision</dt>
                      <dd className="govuk-summary-list__value">
                        {g.reference}, {formatDate(g.decidedOn)} ({OUTCOME_LABELS[g.outcome]})
                        <SecondaryLine>
                          {g.streamName} · {g.financialYear}
                        </SecondaryLine>
                      </dd>
                    </div>
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Purpose</dt>
                      <dd className="govuk-summary-list__value">{g.summary || g.title}</dd>
                    </div>
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Why it will reduce crime and disorder</dt>
                      <dd className="govuk-summary-list__value">{g.reasons}</dd>
                    </div>
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Conditions</dt>
                      <dd className="govuk-summary-list__value">
                        {g.conditions.length === 0 ? (
                          "None beyond the grant's standard terms"
                        ) : (
                          // In the page for everyone (and without JavaScript), folded so the list stays readable.
                          <details className="govuk-details govuk-!-margin-bottom-0">
                            <summary className="govuk-details__summary">
                              <span className="govuk-details__summary-text">
                                {g.conditions.length === 1 ? "1 condition" : `${g.conditions.length} conditions`}
                                <span className="govuk-visually-hidden"> of the grant for {g.title}</span>
                              </span>
                            </summary>
                            <div className="govuk-details__text">
                              <ol className="govuk-list govuk-list--number">
                                {g.conditions.map((c, i) => (
                                  <li key={i}>{c}</li>
                                ))}
                              </ol>
                            </div>
                          </details>
                        )}
                      </dd>
                    </div>
                    {g.correction ? (
                      <div className="govuk-summary-list__row">
                        <dt className="govuk-summary-list__key">Correction</dt>
                        <dd className="govuk-summary-list__value">
                          This decision corrects{" "}
                          {g.supersedesHref ? (
                            <a className="govuk-link" href={g.supersedesHref}>
                              {g.correction.supersedesReference}
                            </a>
                          ) : (
                            g.correction.supersedesReference
                          )}
                          : {g.correction.reason}
                        </dd>
                      </div>
                    ) : null}
                  </dl>
                </li>
              ))}
            </ol>
          )}
          <Pagination page={grants.page} pages={grants.pages} hrefFor={(page) => href({ page, apage: allocations?.page ?? 1 })} label="Pages of grants" />
        </>
      ) : null}
      {allocations ? (
        <>
          <h2 className="govuk-heading-m">Provisional allocations</h2>
          <p className="govuk-body">What each partnership may bid for in each round, set by the funding formula before bids are made.</p>
          {allocations.rows.length === 0 ? (
            <p className="govuk-body">No allocations match these choices.</p>
          ) : (
            <TableRegion label="Provisional allocations">
              <table className="govuk-table govuk-table--small-text-until-tablet" id="allocations">
                <caption className="govuk-table__caption govuk-table__caption--s">
                  {allocations.total === 1 ? "1 allocation" : `${allocations.total.toLocaleString("en-GB")} allocations`}, {formatPence(allocations.totalPence)} in all
                </caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      Partnership
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Year
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Round
                    </th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                      Allocation
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {allocations.rows.map((a, i) => (
                    <tr key={i} className="govuk-table__row">
                      <th scope="row" className="govuk-table__header">
                        {a.cspName}
                        <SecondaryLine>{a.accountableCouncil}</SecondaryLine>
                      </th>
                      <td className="govuk-table__cell">{a.financialYear}</td>
                      <td className="govuk-table__cell">
                        {a.roundName}
                        <SecondaryLine>{a.streamName}</SecondaryLine>
                      </td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(a.amountPence)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )}
          <Pagination page={allocations.page} pages={allocations.pages} hrefFor={(apage) => href({ page: grants?.page ?? 1, apage })} label="Pages of allocations" />
        </>
      ) : null}
    </>
  );
}
