import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { z } from "zod";
import { pageNumber } from "../forms/page-query";
import { requireUser } from "../auth/access.server";
import { ErrorSummary } from "../components/form-fields";
import { Pagination } from "../components/pagination";
import { StatusTag } from "../components/status-tag";
import { searchBids, type SearchResult } from "../data/search.server";
import { bidScopeOf, cspOf } from "../domain/access-rules";
import { plural } from "../domain/plural";
import { MAX_SEARCH_LENGTH, SEARCH_PAGE_SIZE, SEARCH_PROBLEMS, SNIPPET_END, SNIPPET_START, searchQuery } from "../domain/search-query";
import type { FormState } from "../forms/form-state";
import { parseSearchParams } from "../forms/form-state";

/**
 * /search?q=: bids, and through them grants and decisions, found by title, summary, decision
 * reference, partnership or delivery partner (decision record 29). Whoever may read bids may
 * search, and finds only what /bids would list for them: a partnership its own bids, drafts too;
 * the OPCC every bid ever submitted. A GET form: it works without JavaScript, and a search can be
 * bookmarked. Nothing typed is ever run as FTS5 syntax (app/domain/search-query.ts).
 */

export const handle = {
  title: (d: { q: string; error: string | null } | undefined) => (d?.error ? `Error: Search` : d?.q ? `Search: ${d.q.slice(0, 60)}` : "Search"),
};

const searchParamsSchema = z.object({
  q: z.string().optional(),
  page: pageNumber,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "bid:read");
  const params = parseSearchParams(new URL(request.url), searchParamsSchema);
  const q = params.q ?? "";
  const partnership = cspOf(user) !== null;
  if (params.q === undefined) return { q, error: null, partnership, found: null };
  const query = searchQuery(q);
  if (!query.ok) {
    // What was typed goes back into the box (capped: the box never shows more than it takes).
    return data({ q: q.slice(0, MAX_SEARCH_LENGTH * 2), error: SEARCH_PROBLEMS[query.problem], partnership, found: null }, { status: 400 });
  }
  return { q, error: null, partnership, found: searchBids(bidScopeOf(user), query.match, params.page) };
}

export default function SearchPage() {
  const { q, error, partnership, found } = useLoaderData<typeof loader>();
  const state: FormState | undefined = error ? { values: { q }, errors: { q: error } } : undefined;
  const hrefFor = (page: number) => `/search?${new URLSearchParams({ q, ...(page > 1 ? { page: String(page) } : {}) }).toString()}`;
  return (
    <>
      <ErrorSummary state={state} />
      <h1 className="govuk-heading-l">Search</h1>
      <form method="get" action="/search" role="search" aria-label="Search bids, grants and decisions" className="govuk-!-margin-bottom-6">
        <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor="q">
            Search bids, grants and decisions
          </label>
          <div id="q-hint" className="govuk-hint">
            By title, summary, decision reference (for example PCC/2023-24/001), {partnership ? "" : "partnership "}or delivery partner.
          </div>
          {error ? (
            <p id="q-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {error}
            </p>
          ) : null}
          <input
            className={`govuk-input govuk-!-width-two-thirds${error ? " govuk-input--error" : ""}`}
            id="q"
            name="q"
            type="search"
            defaultValue={q}
            spellCheck={false}
            autoComplete="off"
            aria-describedby={error ? "q-hint q-error" : "q-hint"}
            aria-invalid={error ? true : undefined}
          />
        </div>
        <button type="submit" className="govuk-button" data-module="govuk-button">
          Search
        </button>
      </form>

      {found ? (
        <>
          <h2 className="govuk-heading-m" id="results-heading">
            {found.count === 0 ? "No results" : found.more ? `More than ${plural(found.count, "result", "results")}` : plural(found.count, "result", "results")}
            {found.pages > 1 ? ` (page ${found.page} of ${found.pages})` : ""}
          </h2>
          {found.more ? <p className="govuk-body">The newest {found.count.toLocaleString("en-GB")} are shown, best match first. Add words to narrow the search.</p> : null}
          {found.count === 0 ? (
            <p className="govuk-body">
              Nothing {partnership ? "of your partnership's " : ""}matches all of those words. Check the spelling, or try fewer or other words.
            </p>
          ) : (
            <ol className="govuk-list portal-search-results" aria-labelledby="results-heading" start={(found.page - 1) * SEARCH_PAGE_SIZE + 1}>
              {found.results.map((r) => (
                <Result key={r.bidId} result={r} showCsp={!partnership} />
              ))}
            </ol>
          )}
          <Pagination page={found.page} pages={found.pages} hrefFor={hrefFor} />
        </>
      ) : null}
    </>
  );
}

function Result({ result: r, showCsp }: { result: SearchResult; showCsp: boolean }) {
  return (
    <li className="portal-search-result">
      <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
        <a className="govuk-link" href={`/bids/${r.bidId}`}>
          {r.title}
        </a>
      </h3>
      <p className="govuk-body-s govuk-!-margin-bottom-1">
        {showCsp ? `${r.cspName} · ` : ""}
        {r.roundName} ({r.financialYearLabel}) · <StatusTag status={r.status} />
      </p>
      {r.snippet ? <p className="govuk-body-s govuk-!-margin-bottom-1 portal-search-snippet">{highlighted(r.snippet)}</p> : null}
      {r.grantId !== null || r.decisions.length ? (
        <ul className="govuk-list govuk-body-s portal-search-links">
          {r.decisions.map((d) => (
            <li key={d.id}>
              <a className="govuk-link" href={`/decisions/${d.id}.pdf`}>
                Decision {d.reference} (PDF)
              </a>
            </li>
          ))}
          {r.grantId !== null ? (
            <li>
              <a className="govuk-link" href={`/grants/${r.grantId}`}>
                Grant<span className="govuk-visually-hidden"> for {r.title}</span>
              </a>
            </li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
}

/** The snippet with its matched words in <mark>: split on the marks the query put around them, never parsed as HTML. */
function highlighted(snippet: string) {
  const parts = snippet.split(SNIPPET_START);
  return parts.map((part, i) => {
    if (i === 0) return <Fragment key={i}>{part}</Fragment>;
    const [marked, ...rest] = part.split(SNIPPET_END);
    return (
      <Fragment key={i}>
        <mark>{marked}</mark>
        {rest.join("")}
      </Fragment>
    );
  });
}
