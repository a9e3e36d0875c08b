import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireUser } from "../auth/access.server";
import { Checkbox, ErrorSummary, FormStateProvider, Textarea } from "../components/form-fields";
import { Pagination } from "../components/pagination";
import { PostForm } from "../components/post-form";
import { SuccessBanner } from "../components/success-banner";
import { TableRegion } from "../components/table-region";
import { YearClosedBanner } from "../components/year-closed-banner";
import { untilNextChange } from "../data/change-cache.server";
import { deliverInBackground } from "../data/notifications.server";
import {
  closeYear,
  closureHistory,
  cspNameOf,
  findYearByLabel,
  reopenYear,
  yearBlockersForCsp,
  yearChecklistCounts,
  yearToken,
  yearEndOverview,
  type Blocker,
} from "../data/year-end.server";
import { yearClosure } from "../data/year-lock.server";
import { cspOf, hasPermission, type Viewer } from "../domain/access-rules";
import { formatDateTime, parseFinancialYearLabel } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { ukDate } from "../domain/round-window";
import { allClear, checklistItems, type ChecklistItemKey } from "../domain/year-end-checklist";
import { yearClosedMessage } from "../domain/year-lock";
import { lookup } from "../domain/lookup";
import { parseForm, readForm, type FormState } from "../forms/form-state";

/**
 * /finance/year-end/:fy (e.g. /finance/year-end/2023-24): the year's checklist, overall and per
 * partnership, what blocks each item, the year's totals, and closing it (OPCC finance, only when
 * all clear) or reopening it (an administrator, with a reason). Decision record 022.
 *
 * Who reads it: OPCC staff who read the finance pages. A partnership's council finance officer gets
 * 403: the checklist is the OPCC's, across partnerships; their own figures are on /finance.
 */

export const handle = { title: (d: { year: { label: string } } | undefined) => (d ? `Closing the year ${d.year.label}` : "Closing the year") };

async function opccReader(request: Request) {
  const user = await requireUser(request, "finance:read");
  if (cspOf(user) !== null) throw data("You do not have permission to do this", { status: 403 });
  return user;
}

function yearFrom(raw: string | undefined) {
  if (!raw || parseFinancialYearLabel(raw) === null) notFound();
  return findYearByLabel(raw) ?? notFound();
}

const pageParam = (raw: string | null) => (raw && /^\d{1,6}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : 1);
const idParam = (raw: string | null) => (raw && /^\d{1,10}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 2_147_483_647 ? Number(raw) : null);

function may(user: Viewer) {
  return { close: hasPermission(user, "year:close"), reopen: hasPermission(user, "year:reopen") };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await opccReader(request);
  const year = yearFrom(params.fy);
  const url = new URL(request.url);
  const today = ukDate(new Date());
  // The counts, the partnerships' page and the totals in one statement (the year's grants worked out once).
  // Kept until the next write to the database (decision record 042).
  const page = pageParam(url.searchParams.get("page"));
  const { counts, byCsp, totals } = untilNextChange("year-end-overview", { yearId: year.id, today, page }, () => yearEndOverview(year, { today, page }));
  const items = checklistItems(counts);
  const chosenCsp = idParam(url.searchParams.get("csp"));
  const chosenName = chosenCsp === null ? null : cspNameOf(chosenCsp);
  const closure = yearClosure(year.id);
  const { close, reopen } = may(user);
  return {
    year: { label: year.label, status: year.status },
    token: yearToken(year.id),
    items,
    clear: allClear(items),
    csps: { ...byCsp, rows: byCsp.rows.map((r) => ({ ...r, items: checklistItems(r).filter((i) => !i.clear).map((i) => ({ key: i.key, count: i.count })) })) },
    // One partnership's part, with what blocks it (?csp=id); an unknown id shows none.
    chosen:
      chosenCsp !== null && chosenName !== null
        ? { cspId: chosenCsp, cspName: chosenName, items: checklistItems(yearChecklistCounts(year, { today, cspId: chosenCsp })), blockers: yearBlockersForCsp(year, chosenCsp, today) }
        : null,
    totals,
    closedMessage: closure ? yearClosedMessage(closure) : null,
    history: closureHistory(year.id),
    canClose: close && year.status === "open",
    canReopen: reopen && year.status === "closed",
  };
}

const closeSchema = z.object({
  intent: z.literal("close"),
  token: z.string().max(40),
  confirm: z.literal("yes", { errorMap: () => ({ message: "Confirm that you have checked the year and want to close it" }) }),
});
const reopenSchema = z.object({
  intent: z.literal("reopen"),
  token: z.string().max(40),
  reason: z.string().trim().min(1, "Enter why the year is reopened").max(2000, "The reason must be 2,000 characters or fewer"),
});

type ActionData = FormState & { intent: "close" | "reopen" };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await opccReader(request);
  const year = yearFrom(params.fy);
  const formData = await readForm(request);
  const intent = formData.get("intent") === "reopen" ? "reopen" : "close";
  if (!hasPermission(user, intent === "close" ? "year:close" : "year:reopen")) throw data("You do not have permission to do this", { status: 403 });
  const back = `/finance/year-end/${year.label}`;
  if (intent === "close") {
    const parsed = parseForm(formData, closeSchema);
    if (!parsed.ok) return data<ActionData>({ ...parsed.state, intent }, { status: 400 });
    const result = closeYear(year.id, user.userId, parsed.data.token);
    if (result.kind === "done") {
      deliverInBackground();
      return redirect(`${back}?done=closed`);
    }
    return data<ActionData>({ values: parsed.values, errors: {}, formError: result.message, intent }, { status: 409 });
  }
  const parsed = parseForm(formData, reopenSchema);
  if (!parsed.ok) return data<ActionData>({ ...parsed.state, intent }, { status: 400 });
  const result = reopenYear(year.id, user.userId, parsed.data.token, parsed.data.reason);
  if (result.kind === "done") {
    deliverInBackground();
    return redirect(`${back}?done=reopened`);
  }
  return data<ActionData>({ values: parsed.values, errors: {}, formError: result.message, intent }, { status: 409 });
}

const DONE: Record<string, string> = { closed: "The year has been closed.", reopened: "The year has been reopened." };

const ITEM_SHORT: Record<ChecklistItemKey, string> = {
  returns: "returns not accepted",
  payments: "payments not reconciled",
  underspends: "underspends to resolve",
  variations: "variations to decide",
  offers: "offers still open",
};

function BlockerList({ blockers }: { blockers: Blocker[] }) {
  if (!blockers.length) return null;
  return (
    <ul className="govuk-list govuk-list--bullet">
      {blockers.map((b) => (
        <li key={b.href + b.text}>
          <Link className="govuk-link" to={b.href}>
            {b.text}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export default function YearEnd() {
  const page = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [search] = useSearchParams();
  const done = lookup(DONE, search.get("done"));
  const { year, items, csps, chosen, totals } = page;
  const href = (over: Record<string, string | number | null>) => {
    const p = new URLSearchParams();
    const pageNo = over.page ?? csps.page;
    if (pageNo && Number(pageNo) > 1) p.set("page", String(pageNo));
    if (over.csp) p.set("csp", String(over.csp));
    const q = p.toString();
    return `/finance/year-end/${year.label}${q ? `?${q}` : ""}${over.csp ? "#partnership" : ""}`;
  };
  return (
    <>
      <Link className="govuk-back-link" to="/finance/year-end">
        Back to the financial years
      </Link>
      <ErrorSummary state={state} order={["confirm", "reason"]} />
      {done && !state ? <SuccessBanner id="done-title">{done}</SuccessBanner> : null}
      <span className="govuk-caption-l">Finance</span>
      <h1 className="govuk-heading-l">Closing the year {year.label}</h1>
      <YearClosedBanner message={page.closedMessage} />

      <h2 className="govuk-heading-m">Checklist</h2>
      <p className="govuk-body">{page.clear ? "Everything is in order: the year can be closed." : "The year can be closed once every item is done."}</p>
      <ul className="govuk-task-list" id="checklist">
        {items.map((i) => (
          <li className="govuk-task-list__item" key={i.key}>
            <div className="govuk-task-list__name-and-hint">
              <span className="govuk-body govuk-!-font-weight-bold">{i.title}</span>
              <div className="govuk-task-list__hint">{i.summary}</div>
            </div>
            <div className="govuk-task-list__status">
              {i.clear ? <strong className="govuk-tag govuk-tag--green">Done</strong> : <strong className="govuk-tag govuk-tag--red">{i.count.toLocaleString("en-GB")} to do</strong>}
            </div>
          </li>
        ))}
      </ul>

      <h2 className="govuk-heading-m">The year&apos;s money</h2>
      <dl className="govuk-summary-list" id="totals">
        {(
          [
            ["Approved (as varied)", totals.approvedPence],
            ["Paid in the year", totals.paidPence],
            ["Spent (evidenced)", totals.spentPence],
            ["Returned", totals.returnedPence],
            ["Carried forward", totals.carriedPence],
            ["Re-allocated", totals.reallocatedPence],
            ["Clawbacks outstanding", totals.clawbacksOutstandingPence],
          ] as const
        ).map(([label, pence]) => (
          <div className="govuk-summary-list__row" key={label}>
            <dt className="govuk-summary-list__key">{label}</dt>
            <dd className="govuk-summary-list__value">{formatPence(pence)}</dd>
          </div>
        ))}
      </dl>

      <h2 className="govuk-heading-m">By partnership</h2>
      {csps.rows.length ? (
        <>
          <TableRegion label={`Partnerships' checklists for ${year.label}`}>
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">Partnerships with something still to do come first</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Partnership
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Still to do
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {csps.rows.map((r) => (
                  <tr className="govuk-table__row" key={r.cspId}>
                    <th scope="row" className="govuk-table__header">
                      <Link className="govuk-link" to={href({ csp: r.cspId })}>
                        {r.cspName}
                      </Link>
                    </th>
                    <td className="govuk-table__cell">{r.items.length ? r.items.map((i) => `${i.count.toLocaleString("en-GB")} ${ITEM_SHORT[i.key]}`).join(", ") : "Nothing"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <Pagination page={csps.page} pages={csps.pages} hrefFor={(p) => href({ page: p })} />
        </>
      ) : (
        <p className="govuk-body">No partnership has a grant in {year.label}.</p>
      )}

      {chosen ? (
        <section id="partnership" aria-labelledby="partnership-heading">
          <h2 className="govuk-heading-m" id="partnership-heading">
            {chosen.cspName}
          </h2>
          {chosen.items.map((i) => (
            <div key={i.key}>
              <h3 className="govuk-heading-s">
                {i.title}: {i.clear ? "done" : `${i.count.toLocaleString("en-GB")} to do`}
              </h3>
              <p className="govuk-body">{i.summary}</p>
              <BlockerList blockers={chosen.blockers[i.key]} />
            </div>
          ))}
        </section>
      ) : null}

      {page.history.length ? (
        <>
          <h2 className="govuk-heading-m">Closings and reopenings</h2>
          <ul className="govuk-list" id="history">
            {page.history.map((h) => (
              <li key={h.id}>
                Closed by {h.closedByName} on {formatDateTime(h.closedAt)}.
                {h.reopenedAt ? ` Reopened by ${h.reopenedByName ?? "an administrator"} on ${formatDateTime(h.reopenedAt)}: ${h.reopenReason}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {page.canClose ? (
        <section aria-labelledby="close-heading">
          <h2 className="govuk-heading-m" id="close-heading">
            Close {year.label}
          </h2>
          {page.clear ? (
            <PostForm noValidate>
              <input type="hidden" name="intent" value="close" />
              <input type="hidden" name="token" value={page.token} />
              <FormStateProvider state={state?.intent === "close" ? state : undefined}>
                <Checkbox
                  name="confirm"
                  label={`I have checked ${year.label} and want to close it`}
                  hint="Once it is closed nothing in the year can be changed: its returns, payments, grants, variations, underspends and clawbacks. Only an administrator can reopen it."
                />
              </FormStateProvider>
              <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button" data-prevent-double-click="true">
                Close the year
              </button>
            </PostForm>
          ) : (
            <p className="govuk-body">The year can be closed once every item of the checklist is done.</p>
          )}
        </section>
      ) : null}

      {page.canReopen ? (
        <section aria-labelledby="reopen-heading">
          <h2 className="govuk-heading-m" id="reopen-heading">
            Reopen {year.label}
          </h2>
          <PostForm noValidate>
            <input type="hidden" name="intent" value="reopen" />
            <input type="hidden" name="token" value={page.token} />
            <FormStateProvider state={state?.intent === "reopen" ? state : undefined}>
              <Textarea name="reason" label="Why is the year reopened?" labelClass="govuk-label--s" hint="OPCC finance is sent this. Close the year again once it is put right." />
            </FormStateProvider>
            <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button" data-prevent-double-click="true">
              Reopen the year
            </button>
          </PostForm>
        </section>
      ) : null}
    </>
  );
}
