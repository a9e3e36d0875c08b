import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { DateInput, Select, TextInput } from "../components/form-fields";
import { Pagination } from "../components/pagination";
import { TableRegion } from "../components/table-region";
import { listOutbox } from "../data/notifications.server";
import { formatDate, formatDateTime, parseIsoDate } from "../domain/financial-years";
import { parseSearchParams } from "../forms/form-state";
import { OUTBOX_STATES, OUTBOX_STATE_LABELS, outboxFiltersSchema, type OutboxFilterQuery } from "../forms/outbox-filters";

export const handle = { title: "Outbox" };

/** The first moment of a day, and of the day after one, as the portal shows times (its own clock). */
const startOf = (date: string, addDays = 0) => {
  const d = parseIsoDate(date);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + addDays).toISOString();
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "outbox:read");
  const query = parseSearchParams(new URL(request.url), outboxFiltersSchema);
  const outbox = listOutbox({
    to: query.to,
    state: query.status,
    writtenFrom: query.from ? startOf(query.from) : undefined,
    writtenBefore: query.until ? startOf(query.until, 1) : undefined,
    page: query.page,
  });
  return { query, outbox, smtp: Boolean(process.env.SMTP_HOST) };
}

/** The query string for these filters on another page. */
function hrefFor(query: OutboxFilterQuery, page: number) {
  const search = new URLSearchParams();
  if (query.to) search.set("to", query.to);
  if (query.status) search.set("status", query.status);
  for (const [name, date] of [["from", query.from], ["until", query.until]] as const) {
    if (!date) continue;
    const [y, m, d] = date.split("-");
    search.set(`${name}.day`, String(Number(d)));
    search.set(`${name}.month`, String(Number(m)));
    search.set(`${name}.year`, y);
  }
  if (page > 1) search.set("page", String(page));
  const qs = search.toString();
  return qs ? `/outbox?${qs}` : "/outbox";
}

/** The filters in use, in words, so a typed value that was not a date is seen to be left out. */
function filtersInWords(query: OutboxFilterQuery) {
  const words = [
    query.to ? `to an address containing “${query.to}”` : null,
    query.status ? OUTBOX_STATE_LABELS[query.status].toLowerCase() : null,
    query.from && query.until ? `written from ${formatDate(query.from)} to ${formatDate(query.until)}` : query.from ? `written on or after ${formatDate(query.from)}` : query.until ? `written on or before ${formatDate(query.until)}` : null,
  ].filter(Boolean);
  return words.join(", ");
}

export default function Outbox() {
  const { query, outbox, smtp } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.to || query.status || query.from || query.until);
  return (
    <>
      <h1 className="govuk-heading-l">Outbox</h1>
      <p className="govuk-body">
        {smtp
          ? "E-mails the portal has sent, or tried to send, newest first."
          : "No SMTP server is set (SMTP_HOST), so e-mails are kept here instead of being sent. Newest first."}
      </p>
      <form method="get" action="/outbox" className="govuk-!-margin-bottom-6">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <TextInput name="to" label="Recipient" hint="All or part of an e-mail address" defaultValue={query.to ?? ""} width="full" spellCheck={false} />
          </div>
          <div className="govuk-grid-column-one-half">
            <Select
              id="filter-status"
              name="status"
              label="Sent"
              fullWidth
              options={[{ value: "", label: "All" }, ...OUTBOX_STATES.map((s) => ({ value: s, label: OUTBOX_STATE_LABELS[s] }))]}
              defaultValue={query.status ?? ""}
            />
          </div>
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <DateInput name="from" legend="Written from" hint="For example, 1 7 2023" defaultValue={query.from ?? null} />
          </div>
          <div className="govuk-grid-column-one-half">
            <DateInput name="until" legend="Written to" hint="For example, 31 7 2023" defaultValue={query.until ?? null} />
          </div>
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Apply filters
          </button>
          {filtered ? (
            <a className="govuk-link" href="/outbox">
              Clear filters
            </a>
          ) : null}
        </div>
      </form>

      <p className="govuk-body" id="outbox-count">
        {outbox.count === 1 ? "1 message" : `${outbox.count.toLocaleString("en-GB")} messages`}
        {filtered ? ` ${filtersInWords(query)}` : ""}
        {outbox.pages > 1 ? ` (page ${outbox.page} of ${outbox.pages})` : ""}.
      </p>
      {outbox.rows.length === 0 ? (
        <p className="govuk-body">{filtered ? "No messages match these filters." : "No messages yet."}</p>
      ) : (
        <TableRegion label="Messages">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Messages, newest first</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Written</th>
                <th scope="col" className="govuk-table__header">To</th>
                <th scope="col" className="govuk-table__header">Message</th>
                <th scope="col" className="govuk-table__header">Sent</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {outbox.rows.map((m) => (
                <tr key={m.id} className="govuk-table__row">
                  <td className="govuk-table__cell">{formatDateTime(m.createdAt)}</td>
                  <td className="govuk-table__cell">{m.to}</td>
                  <td className="govuk-table__cell">
                    {/* The message itself is opened on demand: 25 whole e-mails make a page nobody can scan. */}
                    <details className="govuk-details govuk-!-margin-bottom-0">
                      <summary className="govuk-details__summary">
                        <span className="govuk-details__summary-text">{m.subject}</span>
                      </summary>
                      <div className="govuk-details__text">
                        <pre className="govuk-body portal-pre-wrap govuk-!-margin-bottom-0">{m.body}</pre>
                      </div>
                    </details>
                  </td>
                  <td className="govuk-table__cell">{m.sentAt ? formatDateTime(m.sentAt) : m.error ? `Failed: ${m.error}` : "Not sent"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <Pagination page={outbox.page} pages={outbox.pages} hrefFor={(p) => hrefFor(query, p)} />
    </>
  );
}
