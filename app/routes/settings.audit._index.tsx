import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { DateInput, ErrorSummary, FormStateProvider, Select, TextInput } from "../components/form-fields";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { auditKinds, auditRecordTypes, auditView, listAudit, resolveAuditQuery } from "../data/audit-log.server";
import { lineText } from "../domain/audit-wording";
import { formatDateTime } from "../domain/financial-years";
import { AUDIT_FILTER_FIELDS, PORTAL_PERSON, auditFilterSearch, type AuditFilterValues } from "../forms/audit-filters";
import type { FormState } from "../forms/form-state";

/**
 * /settings/audit: the audit log, for administrators (issue 12). Every change the portal has
 * recorded, newest first, 50 a page with "Newer" and "Older" links (keyset on the entry's id: no
 * page numbers and no total, decision record 034), filtered by a GET form that works without
 * JavaScript: who (an e-mail address, or "portal"), the record, a bid's whole history, the kind of
 * change and the dates. Each entry's before and after in words. A filter that makes no sense
 * answers 400 with the error summary and what was typed.
 */

export const handle = { title: (d: { state?: FormState } | undefined) => `${d?.state && Object.keys(d.state.errors).length ? "Error: " : ""}Audit log` };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  const query = resolveAuditQuery(new URL(request.url));
  const choices = { kinds: auditKinds(), types: auditRecordTypes() };
  if (!query.ok) return data({ choices, state: { values: query.values, errors: query.errors } satisfies FormState, page: null }, { status: 400 });
  const page = listAudit(query.filters, query.cursor);
  return { choices, state: { values: query.values, errors: {} } satisfies FormState, page: { ...page, rows: page.rows.map(auditView) } };
}

const hrefWith = (values: AuditFilterValues, cursor?: Record<string, number>) => {
  const search = auditFilterSearch(values);
  for (const [k, v] of Object.entries(cursor ?? {})) search.set(k, String(v));
  const qs = search.toString();
  return qs ? `?${qs}` : "";
};

export default function AuditLog() {
  const { choices, state, page } = useLoaderData<typeof loader>();
  const values = state.values as AuditFilterValues;
  const filtered = AUDIT_FILTER_FIELDS.some((f) => values[f].trim() !== "");
  const withUnknown = (options: { value: string; label: string }[], typed: string) =>
    typed.trim() && !options.some((o) => o.value === typed.trim()) ? [...options, { value: typed, label: typed }] : options;
  return (
    <>
      <Link className="govuk-back-link" to="/settings">
        Back to settings
      </Link>
      <ErrorSummary state={state} order={[...AUDIT_FILTER_FIELDS]} />
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">Every change made in the portal, newest first: who made it, when, to which record, and what it was before and after.</p>
      <FormStateProvider state={state}>
        <form method="get" action="/settings/audit" className="govuk-!-margin-bottom-6" noValidate>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-one-half">
              <TextInput name="person" label="Made by" hint={`A person's full e-mail address, or “${PORTAL_PERSON}” for what the portal did itself`} width="full" spellCheck={false} />
            </div>
            <div className="govuk-grid-column-one-half">
              <Select name="kind" label="Kind of change" fullWidth options={[{ value: "", label: "Any kind" }, ...withUnknown(choices.kinds, values.kind)]} />
            </div>
          </div>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-one-third">
              <Select name="type" label="Kind of record" fullWidth options={[{ value: "", label: "Any record" }, ...withUnknown(choices.types, values.type)]} />
            </div>
            <div className="govuk-grid-column-one-third">
              <TextInput name="record" label="Record number" hint="With a kind of record" width="10" inputMode="numeric" spellCheck={false} />
            </div>
            <div className="govuk-grid-column-one-third">
              <TextInput name="bid" label="Bid number" hint="Everything about one bid: its grant, returns, payments" width="10" inputMode="numeric" spellCheck={false} />
            </div>
          </div>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-one-half">
              <DateInput name="from" legend="Made from" hint="For example, 1 7 2023" />
            </div>
            <div className="govuk-grid-column-one-half">
              <DateInput name="until" legend="Made to" hint="For example, 31 7 2023" />
            </div>
          </div>
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
              Apply filters
            </button>
            {filtered ? (
              <a className="govuk-link" href="/settings/audit">
                Clear filters
              </a>
            ) : null}
          </div>
        </form>
      </FormStateProvider>

      {page ? (
        <>
          <p className="govuk-body">
            <a className="govuk-link" href={`/settings/audit.csv${hrefWith(values)}`} download>
              Download as CSV<span className="govuk-visually-hidden"> (every entry {filtered ? "matching these filters" : "in the audit log"})</span>
            </a>
          </p>
          {page.rows.length === 0 ? (
            <p className="govuk-body" id="audit-none">
              {filtered ? "No entries match these filters." : "Nothing has been recorded yet."}
            </p>
          ) : (
            <TableRegion label="Audit log entries">
              <table className="govuk-table" id="audit-entries">
                <caption className="govuk-table__caption govuk-visually-hidden">Audit log entries, newest first</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">When</th>
                    <th scope="col" className="govuk-table__header">Who</th>
                    <th scope="col" className="govuk-table__header">Change</th>
                    <th scope="col" className="govuk-table__header">Record</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {page.rows.map((e) => (
                    <tr key={e.id} className="govuk-table__row" data-entry={e.id}>
                      <td className="govuk-table__cell">{formatDateTime(e.at)}</td>
                      <td className="govuk-table__cell">
                        {e.who}
                        {e.whoEmail ? <SecondaryLine>{e.whoEmail}</SecondaryLine> : null}
                      </td>
                      <td className="govuk-table__cell">
                        <strong>{e.kind}</strong>
                        {e.lines.length ? (
                          <ul className="govuk-list govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                            {e.lines.map((l, i) => (
                              <li key={i}>{lineText(l)}</li>
                            ))}
                          </ul>
                        ) : null}
                      </td>
                      <td className="govuk-table__cell">
                        {e.record.href ? (
                          <a className="govuk-link" href={e.record.href}>
                            {e.record.type} {e.record.id}
                          </a>
                        ) : (
                          `${e.record.type} ${e.record.id}`
                        )}
                        {e.bid ? (
                          <SecondaryLine>
                            <a className="govuk-link" href={e.bid.href}>
                              Bid {e.bid.id}
                            </a>
                          </SecondaryLine>
                        ) : null}
                        {e.partnership ? <SecondaryLine>{e.partnership}</SecondaryLine> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )}
          {page.newer !== null || page.older !== null ? (
            <nav className="govuk-pagination govuk-pagination--block" aria-label="Pages of the audit log">
              {page.newer !== null ? (
                <div className="govuk-pagination__prev">
                  <a className="govuk-link govuk-pagination__link" href={`/settings/audit${hrefWith(values, { after: page.newer })}`} rel="prev">
                    <span className="govuk-pagination__link-title">
                      Newer<span className="govuk-visually-hidden"> entries</span>
                    </span>
                  </a>
                </div>
              ) : null}
              {page.older !== null ? (
                <div className="govuk-pagination__next">
                  <a className="govuk-link govuk-pagination__link" href={`/settings/audit${hrefWith(values, { before: page.older })}`} rel="next">
                    <span className="govuk-pagination__link-title">
                      Older<span className="govuk-visually-hidden"> entries</span>
                    </span>
                  </a>
                </div>
              ) : null}
            </nav>
          ) : null}
        </>
      ) : null}
    </>
  );
}
