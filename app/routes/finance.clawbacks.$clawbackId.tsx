import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { notFound, parseId, refusingClosedYears, requireUser } from "../auth/access.server";
import { DateInput, ErrorSummary, FormStateProvider, TextInput, Textarea } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { SuccessBanner } from "../components/success-banner";
import { SummaryRow } from "../components/summary-row";
import { TableRegion } from "../components/table-region";
import { actOnClawback, clawbackHistory, findClawback } from "../data/clawbacks.server";
import { deliverInBackground } from "../data/notifications.server";
import { CLAWBACK_STATUS_LABELS, CLAWBACK_STATUS_TAGS, clawbackActions, lockedWhenYearClosed, type ClawbackAction } from "../domain/clawback-lifecycle";
import { formatDate, formatDateTime } from "../domain/financial-years";
import { lookup } from "../domain/lookup";
import { formatPence } from "../domain/money";
import { yearClosedMessage } from "../domain/year-lock";
import { changedSinceOpened, parseForm, readForm, type FormState } from "../forms/form-state";
import { CLAWBACK_FIELD_ORDER, invoiceClawbackSchema, receiveClawbackSchema, waiveClawbackSchema } from "../forms/underspends";

/**
 * /finance/clawbacks/:clawbackId: one clawback, how it was worked out and its history; OPCC finance
 * records its invoice, its receipt, or its waiver by a PCC decision. Once its year is closed only
 * receiving an invoiced clawback is offered.
 */

export const handle = { title: (d: { clawback: { title: string } } | undefined) => `Clawback${d ? `: ${d.clawback.title}` : ""}` };

const HISTORY_TEXT: Record<string, string> = {
  "clawback.raised": "Raised",
  "recovery.raised": "Raised",
  "clawback.invoiced": "Invoiced",
  "clawback.received": "Received",
  "clawback.waived": "Waived",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "clawback:manage");
  const clawback = findClawback(parseId(params.clawbackId));
  if (!clawback) notFound();
  const { closure, ...rest } = clawback;
  const closed = closure ? yearClosedMessage(closure) : null;
  return {
    clawback: rest,
    closed,
    actions: clawbackActions(clawback.status).filter((a) => !closed || !lockedWhenYearClosed(a)),
    history: clawbackHistory(clawback.id).map((h) => ({ ...h, text: HISTORY_TEXT[h.action] ?? h.action })),
  };
}

type ActionData = FormState & { intent: ClawbackAction };
const OUT_OF_DATE = "This page is out of date: reload it and try again.";
const INTENTS = ["invoice", "receive", "waive"] as const;

export const action = refusingClosedYears(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request, "clawback:manage");
  const id = parseId(params.clawbackId);
  const formData = await readForm(request);
  const intent = INTENTS.find((i) => i === formData.get("intent")) ?? "invoice";
  const fail = (state: FormState, status: number) => data<ActionData>({ ...state, intent }, { status });
  const schema = intent === "invoice" ? invoiceClawbackSchema : intent === "receive" ? receiveClawbackSchema : waiveClawbackSchema;
  const parsed = parseForm(formData, schema);
  if (!parsed.ok) return fail(parsed.state.errors.version ? { values: parsed.state.values, errors: {}, formError: OUT_OF_DATE } : parsed.state, 400);
  const result = actOnClawback(id, user.userId, parsed.data.version, parsed.data.step);
  if (result.kind === "done") {
    deliverInBackground();
    return redirect(`/finance/clawbacks/${id}?done=${result.status}`);
  }
  if (result.kind === "not_found") notFound();
  if (result.kind === "stale") return fail({ values: parsed.values, errors: {}, formError: `${changedSinceOpened("clawback", result, user)}. Nothing has been saved: check it below, then try again.` }, 409);
  if (result.kind === "refused") return fail({ values: parsed.values, errors: {}, formError: result.message }, 409);
  return fail({ values: parsed.values, errors: result.errors }, 400);
});

const DONE: Record<string, string> = {
  invoiced: "The invoice has been recorded. The partnership's lead and council finance officer have been sent an e-mail.",
  received: "The repayment has been recorded. The partnership's lead and council finance officer have been sent an e-mail.",
  waived: "The clawback has been waived. The partnership's lead and council finance officer have been sent an e-mail.",
};

export default function Clawback() {
  const { clawback: c, closed, actions, history } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = lookup(DONE, params.get("done"));
  const stateFor = (a: ClawbackAction) => (state?.intent === a ? state : undefined);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/finance/clawbacks?fy=${c.financialYearLabel}`}>
          Back to the clawbacks
        </Link>
        <ErrorSummary state={state} order={CLAWBACK_FIELD_ORDER} />
        {done && !state ? <SuccessBanner id="done-title">{done}</SuccessBanner> : null}
        <span className="govuk-caption-l">
          {c.cspName} · {c.financialYearLabel}
        </span>
        <h1 className="govuk-heading-l">Clawback: {c.title}</h1>
        {closed ? (
          <p className="govuk-inset-text" id="year-closed">
            {closed}
            {actions.length ? " An invoice already raised can still be recorded as received." : ""}
          </p>
        ) : null}
        <dl className="govuk-summary-list" id="clawback-summary">
          <SummaryRow label="Amount" value={<strong>{formatPence(c.amountPence)}</strong>} />
          <SummaryRow label="Status" value={<strong className={`govuk-tag ${CLAWBACK_STATUS_TAGS[c.status]}`}>{CLAWBACK_STATUS_LABELS[c.status]}</strong>} />
          <SummaryRow label="How it was worked out" value={c.reason} />
          {c.underspendPence !== null ? <SummaryRow label="Underspend returned" value={`${formatPence(c.underspendPence)}: ${c.underspendReason}`} /> : null}
          {c.decisionReference ? <SummaryRow label="Correcting decision" value={c.decisionReference} /> : null}
          <SummaryRow label="Raised" value={`${formatDate(c.createdAt.slice(0, 10))}${c.createdByName ? ` by ${c.createdByName}` : ""}`} />
          {c.invoiceReference ? <SummaryRow label="Invoice" value={`${c.invoiceReference}, dated ${formatDate(c.invoicedOn!)}`} /> : null}
          {c.receivedOn ? <SummaryRow label="Received" value={formatDate(c.receivedOn)} /> : null}
          {c.waivedReason ? <SummaryRow label="Waived" value={`By PCC decision ${c.waivedDecisionReference}: ${c.waivedReason}`} /> : null}
        </dl>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/finance/grants/${c.grantId}`}>
            The grant&apos;s reconciliation
          </Link>
          {" · "}
          <Link className="govuk-link" to={`/grants/${c.grantId}/payments`}>
            Its payments
          </Link>
        </p>

        {actions.includes("invoice") ? (
          <>
            <h2 className="govuk-heading-m" id="invoice">
              Record the invoice
            </h2>
            <PostForm noValidate>
              <input type="hidden" name="intent" value="invoice" />
              <input type="hidden" name="version" value={c.version} />
              <FormStateProvider state={stateFor("invoice")}>
                <TextInput name="invoiceReference" label="Invoice reference" hint="As in the OPCC's finance system, for example INV-MBC-24-0193." width="20" spellCheck={false} />
                <DateInput name="invoicedOn" legend="Invoice date" hint={`On or after ${formatDate(c.createdAt.slice(0, 10))}. For example, 22 5 2024`} />
              </FormStateProvider>
              <button type="submit" className="govuk-button" data-module="govuk-button">
                Record the invoice
              </button>
            </PostForm>
          </>
        ) : null}
        {actions.includes("receive") ? (
          <>
            <h2 className="govuk-heading-m" id="receive">
              Record the money received
            </h2>
            <PostForm noValidate>
              <input type="hidden" name="intent" value="receive" />
              <input type="hidden" name="version" value={c.version} />
              <FormStateProvider state={stateFor("receive")}>
                <DateInput name="receivedOn" legend="Date received" hint={`On or after the invoice date, ${c.invoicedOn ? formatDate(c.invoicedOn) : ""}. For example, 14 6 2024`} />
              </FormStateProvider>
              <button type="submit" className="govuk-button" data-module="govuk-button">
                Record the money received
              </button>
            </PostForm>
          </>
        ) : null}
        {actions.includes("waive") ? (
          <>
            <h2 className="govuk-heading-m" id="waive">
              Waive the clawback
            </h2>
            <p className="govuk-body">A clawback is waived only by a PCC decision. Nothing more is then owed for it.</p>
            <PostForm noValidate>
              <input type="hidden" name="intent" value="waive" />
              <input type="hidden" name="version" value={c.version} />
              <FormStateProvider state={stateFor("waive")}>
                <TextInput name="decisionReference" label="Reference of the PCC decision that waived it" width="20" spellCheck={false} />
                <Textarea name="reason" label="Why is it waived?" labelClass="govuk-label--s" hint="The partnership is sent this." rows={3} />
              </FormStateProvider>
              <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
                Waive the clawback
              </button>
            </PostForm>
          </>
        ) : null}

        <h2 className="govuk-heading-m">History</h2>
        {history.length === 0 ? (
          <p className="govuk-body">No history is recorded.</p>
        ) : (
          <TableRegion label="History">
            <table className="govuk-table" id="clawback-history">
              <caption className="govuk-table__caption govuk-visually-hidden">What has been done to the clawback, earliest first</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">When</th>
                  <th scope="col" className="govuk-table__header">What</th>
                  <th scope="col" className="govuk-table__header">By</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {history.map((h, i) => (
                  <tr key={i} className="govuk-table__row">
                    <td className="govuk-table__cell">{formatDateTime(h.at)}</td>
                    <td className="govuk-table__cell">{h.text}</td>
                    <td className="govuk-table__cell">{h.byName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
      </div>
    </div>
  );
}
