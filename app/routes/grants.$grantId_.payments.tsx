import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { notFound, refusingClosedYears, requireGrant } from "../auth/access.server";
import { grantClosure, refuse } from "../data/year-lock.server";
import { YearClosedBanner } from "../components/year-closed-banner";
import { yearClosedMessage } from "../domain/year-lock";

import { DateInput, ErrorSummary, FormStateProvider, Select, TextInput, Textarea } from "../components/form-fields";
import { GrantClawbacks } from "../components/grant-clawbacks";
import { PostForm } from "../components/post-form";
import { SuccessBanner } from "../components/success-banner";
import { SummaryRow } from "../components/summary-row";
import { TableRegion } from "../components/table-region";
import { grantClawbacksForPartnership } from "../data/clawbacks.server";
import { deliverInBackground } from "../data/notifications.server";
import { grantPaymentState, recordPayment, releaseHold, type GrantPaymentState } from "../data/payments.server";
import { hasPermission, isOpccStaff } from "../domain/access-rules";
import { formatDate, formatDateTime } from "../domain/financial-years";
import { formatPence, penceToInput } from "../domain/money";
import { lookup } from "../domain/lookup";
import { INSTALMENT_STATUS_LABELS, INSTALMENT_STATUS_TAGS } from "../domain/payment-holds";
import { ukDate } from "../domain/round-window";
import { changedSinceOpened, parseForm, readForm, type FormState } from "../forms/form-state";
import { RECORD_FIELD_ORDER, recordPaymentSchema, releaseHoldSchema } from "../forms/payments";

/**
 * A grant's payments: the schedule from the decision, each instalment's status (scheduled, due,
 * held, paid) and why it is held, the payments made and the totals. OPCC finance records payments
 * and releases holds here; everyone else who may read the grant (its partnership's lead and council
 * finance officer, OPCC staff) sees what has been paid, read-only.
 */

export const handle = { title: (d: { view: { grant: { title: string } } } | undefined) => `Payments${d ? `: ${d.view.grant.title}` : ""}` };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, grant } = await requireGrant(request, params.grantId, "payment:read");
  const state = grantPaymentState(grant.id, ukDate(new Date()));
  if (!state) notFound();
  const closure = grantClosure(grant.id);
  const canRecord = hasPermission(user, "payment:record") && !closure;
  const url = new URL(request.url);
  return {
    view: paymentsView(state, { opcc: isOpccStaff(user) }),
    canRecord,
    yearClosed: closure ? yearClosedMessage(closure) : null,
    // Its clawbacks, read-only: the partnership sees amounts, why and where each stands, not who at the OPCC acted.
    clawbacks: grantClawbacksForPartnership(grant.id),
    manageClawbacks: hasPermission(user, "clawback:manage"),
    chosen: { instalment: idParam(url.searchParams.get("instalment")), release: idParam(url.searchParams.get("release")) },
  };
}

const idParam = (raw: string | null) => (raw && /^\d{1,10}$/.test(raw) ? Number(raw) : null);

/**
 * What the page shows, shaped for who is asking: the partnership sees its schedule, its payments
 * (with the finance reference, to match its receipts) and why an instalment is held; who recorded
 * a payment, and finance's reasons for releasing holds, stay with the OPCC.
 */
function paymentsView(state: GrantPaymentState, { opcc }: { opcc: boolean }) {
  const { grant, summary } = state;
  const labelOf = new Map(state.instalments.map((i) => [i.id, i.label]));
  const leftOnGrant = Math.max(0, grant.grantedPence - summary.paidPence);
  return {
    grant: {
      id: grant.id,
      title: grant.title,
      cspName: grant.cspName,
      council: grant.council,
      decisionReference: grant.decisionReference,
      grantedPence: grant.grantedPence,
      version: grant.version,
      offerStatus: grant.offerStatus,
      withdrawn: grant.withdrawnAt !== null,
    },
    summary,
    instalments: state.instalments.map((i) => ({
      id: i.id,
      dueOn: i.dueOn,
      label: i.label,
      amountPence: i.amountPence,
      paidPence: i.paidPence,
      remainingPence: i.standing.remainingPence,
      /** What may be paid on it now: what remains, within what is left of the grant. */
      payablePence: Math.min(i.standing.remainingPence, leftOnGrant),
      status: i.standing.status,
      holds: i.standing.holds.map((h) => ({ text: h.text, releasable: h.releasable })),
      releases: opcc ? i.releases.map((r) => ({ id: r.id, reason: r.reason, releasedAt: r.releasedAt, releasedByName: r.releasedByName ?? "Someone" })) : [],
    })),
    payments: state.payments.map((p) => ({
      id: p.id,
      paidOn: p.paidOn,
      amountPence: p.amountPence,
      financeReference: p.financeReference,
      instalment: labelOf.get(p.instalmentId) ?? "",
      recordedByName: opcc ? (p.recordedByName ?? "Someone") : null,
    })),
  };
}

type Intent = "record" | "release";
type ActionData = FormState & { intent: Intent };

/** A hidden version that does not parse is a page from before this form existed: reload. */
const OUT_OF_DATE = "This page is out of date: reload it and try again.";

export const action = refusingClosedYears(async ({ request, params }: ActionFunctionArgs) => {
  const { user, grant } = await requireGrant(request, params.grantId, "payment:record");
  refuse(grantClosure(grant.id));
  const formData = await readForm(request);
  const intent: Intent = formData.get("intent") === "release" ? "release" : "record";
  const fail = (state: FormState, status: number) => data<ActionData>({ ...state, intent }, { status });
  const staleMessage = (r: { changedBy: string; changedAt: string }) =>
    `${changedSinceOpened("grant", r, user)}. Nothing has been saved: check the schedule below, then try again.`;

  if (intent === "release") {
    const parsed = parseForm(formData, releaseHoldSchema);
    if (!parsed.ok) return fail(parsed.state.errors.version ? { values: parsed.state.values, errors: {}, formError: OUT_OF_DATE } : parsed.state, 400);
    const result = releaseHold(parsed.data.heldInstalmentId, user.userId, parsed.data.reason, undefined, { grantId: grant.id, expectedVersion: parsed.data.version });
    if (result.kind === "released") return redirect(`/grants/${grant.id}/payments?done=released`);
    if (result.kind === "not_found") return fail({ values: parsed.values, errors: { heldInstalmentId: "Choose an instalment of this grant" } }, 400);
    if (result.kind === "stale") return fail({ values: parsed.values, errors: {}, formError: staleMessage(result) }, 409);
    return fail({ values: parsed.values, errors: {}, formError: result.message }, 409);
  }

  const parsed = parseForm(formData, recordPaymentSchema);
  if (!parsed.ok) return fail(parsed.state.errors.version ? { values: parsed.state.values, errors: {}, formError: OUT_OF_DATE } : parsed.state, 400);
  const { version, instalmentId, input } = parsed.data;
  const result = recordPayment(grant.id, instalmentId, user.userId, input, version);
  if (result.kind === "recorded") {
    deliverInBackground();
    return redirect(`/grants/${grant.id}/payments?done=paid`);
  }
  if (result.kind === "not_found") notFound();
  if (result.kind === "stale") return fail({ values: parsed.values, errors: {}, formError: staleMessage(result) }, 409);
  const errors = Object.fromEntries(Object.entries(result.errors).filter(([, m]) => m)) as Record<string, string>;
  return fail({ values: parsed.values, errors, formError: result.formError }, Object.keys(errors).length ? 400 : 409);
});

const DONE: Record<string, string> = {
  paid: "The payment has been recorded. The partnership's lead and council finance officer have been sent an e-mail.",
  released: "The hold has been released. The instalment can now be paid.",
};

export default function GrantPayments() {
  const { view, canRecord, chosen, yearClosed, clawbacks, manageClawbacks } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { grant, summary, instalments, payments } = view;
  const done = lookup(DONE, params.get("done"));
  const payable = instalments.filter((i) => i.status === "due" || i.status === "scheduled");
  const releasable = instalments.filter((i) => i.status === "held" && i.holds.every((h) => h.releasable));
  const toPay = payable.find((i) => i.id === chosen.instalment) ?? payable[0];
  const toRelease = releasable.find((i) => i.id === chosen.release) ?? releasable[0];
  const option = (i: (typeof instalments)[number], what: string) => ({ value: String(i.id), label: `${i.label}, due ${formatDate(i.dueOn)}: ${formatPence(i.remainingPence)} ${what}` });
  const fixedHold = !grant.withdrawn && grant.offerStatus === "accepted" ? null : instalments.find((i) => i.holds.some((h) => !h.releasable))?.holds.find((h) => !h.releasable);

  return (
    <>
      <Link className="govuk-back-link" to={`/grants/${grant.id}`}>
        Back to the grant
      </Link>
      <ErrorSummary state={state} order={state?.intent === "record" ? RECORD_FIELD_ORDER : undefined} />
      {done && !state ? <SuccessBanner id="done-title">{done}</SuccessBanner> : null}
      <YearClosedBanner message={yearClosed} />
      <span className="govuk-caption-l">
        {grant.cspName} · {grant.council}
      </span>
      <h1 className="govuk-heading-l">Payments: {grant.title}</h1>
      {fixedHold ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {fixedHold.text}.
          </strong>
        </div>
      ) : null}
      <dl className="govuk-summary-list" id="payment-totals">
        <SummaryRow label="Granted" value={`${formatPence(grant.grantedPence)} (PCC decision ${grant.decisionReference})`} />
        <SummaryRow label="Scheduled" value={formatPence(summary.scheduledPence)} />
        <SummaryRow label="Paid" value={<strong>{formatPence(summary.paidPence)}</strong>} />
        <SummaryRow label="Due now" value={formatPence(summary.duePence)} />
        <SummaryRow label="Held" value={formatPence(summary.heldPence)} />
        <SummaryRow label="Balance" value={`${formatPence(summary.balancePence)} of the grant not yet paid`} />
      </dl>

      {instalments.length === 0 ? (
        <p className="govuk-body">No payments are scheduled under this grant.</p>
      ) : (
        <TableRegion label="Payment schedule">
          <table className="govuk-table" id="payment-schedule">
            <caption className="govuk-table__caption govuk-table__caption--m">Payment schedule</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">For</th>
                <th scope="col" className="govuk-table__header">Due</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Amount</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Paid</th>
                <th scope="col" className="govuk-table__header">Status</th>
                {canRecord ? (
                  <th scope="col" className="govuk-table__header">
                    Action
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {instalments.map((i) => (
                <tr key={i.id} className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    {i.label}
                  </th>
                  <td className="govuk-table__cell">{formatDate(i.dueOn)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(i.amountPence)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(i.paidPence)}</td>
                  <td className="govuk-table__cell">
                    <strong className={`govuk-tag ${INSTALMENT_STATUS_TAGS[i.status]}`}>{INSTALMENT_STATUS_LABELS[i.status]}</strong>
                    {i.holds.length ? (
                      <ul className="govuk-list govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                        {i.holds.map((h) => (
                          <li key={h.text}>{h.text}</li>
                        ))}
                      </ul>
                    ) : null}
                    {i.releases.map((r) => (
                      <p key={r.id} className="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                        Hold released by {r.releasedByName} on {formatDateTime(r.releasedAt)}: {r.reason}
                      </p>
                    ))}
                  </td>
                  {canRecord ? (
                    <td className="govuk-table__cell">
                      {i.status === "due" || i.status === "scheduled" ? (
                        <Link className="govuk-link" to={`?instalment=${i.id}#record-payment`}>
                          Record a payment<span className="govuk-visually-hidden"> for {i.label}</span>
                        </Link>
                      ) : i.status === "held" && i.holds.every((h) => h.releasable) ? (
                        <Link className="govuk-link" to={`?release=${i.id}#release-hold`}>
                          Release the hold<span className="govuk-visually-hidden"> on {i.label}</span>
                        </Link>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}

      <h2 className="govuk-heading-m">Payments made</h2>
      {payments.length === 0 ? (
        <p className="govuk-body">No payments have been made under this grant yet.</p>
      ) : (
        <TableRegion label="Payments made">
          <table className="govuk-table" id="payments-made">
            <caption className="govuk-table__caption govuk-visually-hidden">Payments made, earliest first</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Date paid</th>
                <th scope="col" className="govuk-table__header">For</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Amount</th>
                <th scope="col" className="govuk-table__header">Finance reference</th>
                {payments.some((p) => p.recordedByName !== null) ? (
                  <th scope="col" className="govuk-table__header">
                    Recorded by
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {payments.map((p) => (
                <tr key={p.id} className="govuk-table__row">
                  <td className="govuk-table__cell">{formatDate(p.paidOn)}</td>
                  <td className="govuk-table__cell">{p.instalment}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(p.amountPence)}</td>
                  <td className="govuk-table__cell">{p.financeReference}</td>
                  {p.recordedByName !== null ? <td className="govuk-table__cell">{p.recordedByName}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}

      <GrantClawbacks clawbacks={clawbacks} manage={manageClawbacks} />

      {canRecord ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m" id="record-payment">
              Record a payment
            </h2>
            {toPay ? (
              <PostForm noValidate>
                <input type="hidden" name="intent" value="record" />
                <input type="hidden" name="version" value={grant.version} />
                <FormStateProvider state={state?.intent === "record" ? state : undefined}>
                  <Select name="instalmentId" label="Instalment" options={payable.map((i) => option(i, "to pay"))} defaultValue={String(toPay.id)} fullWidth />
                  <DateInput name="paidOn" legend="Date paid" hint="The date the money left the OPCC's account. For example, 3 10 2023" />
                  <TextInput name="amount" label="Amount paid" hint={`What remains to pay on the instalment is ${formatPence(toPay.payablePence)}.`} prefix="£" width="10" inputMode="decimal" defaultValue={penceToInput(toPay.payablePence)} spellCheck={false} />
                  <TextInput name="financeReference" label="Finance system reference" hint="The payment's reference in the OPCC's finance system, so the council can match it." width="20" spellCheck={false} />
                </FormStateProvider>
                <button type="submit" className="govuk-button" data-module="govuk-button">
                  Record the payment
                </button>
              </PostForm>
            ) : (
              <p className="govuk-body">{instalments.some((i) => i.status === "held") ? "Nothing can be paid now: every instalment still to pay is held." : "Every instalment has been paid."}</p>
            )}

            {toRelease ? (
              <>
                <h2 className="govuk-heading-m" id="release-hold">
                  Release a hold
                </h2>
                <p className="govuk-body">
                  An instalment held because a return is overdue or queried may be paid if you release it, giving the reason. The release is kept with the grant&apos;s history. A
                  return that falls overdue, or a query made, after the release holds the instalment again.
                </p>
                <PostForm noValidate>
                  <input type="hidden" name="intent" value="release" />
                  <input type="hidden" name="version" value={grant.version} />
                  <FormStateProvider state={state?.intent === "release" ? state : undefined}>
                    <Select name="heldInstalmentId" label="Instalment to release" options={releasable.map((i) => option(i, "held"))} defaultValue={String(toRelease.id)} fullWidth />
                    <Textarea name="reason" label="Why is the hold released?" hint="For example, the partnership has explained the delay and the return is agreed for a later date." rows={3} />
                  </FormStateProvider>
                  <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                    Release the hold
                  </button>
                </PostForm>
              </>
            ) : null}
          </div>
        </div>
      ) : null}
    </>
  );
}
