import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { refusingClosedYears, requireReturn } from "../auth/access.server";
import { YearClosedBanner } from "../components/year-closed-banner";
import { refuse, returnClosure } from "../data/year-lock.server";
import { yearClosedMessage } from "../domain/year-lock";
import { DateInput, ErrorSummary, FormStateProvider, TextInput, Textarea } from "../components/form-fields";
import { daysOverdueText } from "../components/grant-returns";
import { PostForm } from "../components/post-form";
import { ReturnStatusTag } from "../components/return-status-tag";
import { ReturnSummary } from "../components/return-summary";
import { ImportantBanner } from "../components/sent-back-banner";
import { SuccessBanner } from "../components/success-banner";
import { SummaryRow } from "../components/summary-row";
import { deliverInBackground } from "../data/notifications.server";
import { certifyReturn, type Stale } from "../data/return-editing.server";
import { acceptReturn, queryReturn, reopenReturn, type ReviewResult } from "../data/return-reviews.server";
import { loadReturn } from "../data/returns.server";
import { listEvidence } from "../data/evidence.server";
import { EvidenceList, evidencePath } from "../components/evidence-list";
import { hasPermission, cspOf } from "../domain/access-rules";
import { formatDate, formatDateTime } from "../domain/financial-years";
import { AWAITING_ACCEPTANCE, RETURN_STATUS_LABELS, daysOverdue, isReturnEditable, wasSubmittedLate } from "../domain/return-lifecycle";
import { lookup } from "../domain/lookup";
import { ukDate } from "../domain/round-window";
import { changedSinceOpened, parseForm, readForm, type FormState } from "../forms/form-state";
import { RETURN_PAGE_INTENTS, acceptFormSchema, certifySchema, queryFormSchema, reopenFormSchema, type ReturnPageIntent } from "../forms/return";

/**
 * A quarterly return: what it reports, for everyone who may read the grant; the way in to fill it
 * in and submit it for the CSP lead; the certification form for the council's finance officer;
 * and accept, query or reopen for OPCC staff who review returns.
 */

export const handle = { title: (data: { r: { title: string; label: string } } | undefined) => (data ? `Quarterly return ${data.r.label}: ${data.r.title}` : "Quarterly return") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, grant, grantReturn } = await requireReturn(request, params, "return:read");
  const today = ukDate(new Date());
  const r = loadReturn(grantReturn.id, { today, forPartnership: cspOf(user) !== null })!;
  // A grant withdrawn by a correcting decision takes no more returns.
  const closure = returnClosure(grantReturn.id);
  const editable = isReturnEditable(r.status) && grant.withdrawnAt === null && !closure;
  const everyLineReported = r.lines.every((l) => l.actualPence !== null);
  const lastReview = r.reviews.at(-1);
  return {
    r,
    // In progress again because OPCC staff reopened it: when, by whom and why.
    reopened: r.status === "in_progress" && lastReview?.action === "reopened" ? lastReview : null,
    daysOverdue: daysOverdue(r, today),
    submittedLate: r.firstSubmittedAt !== null && wasSubmittedLate(r, ukDate(new Date(r.firstSubmittedAt))),
    canEdit: editable && hasPermission(user, "return:edit"),
    canSubmit: editable && hasPermission(user, "return:submit"),
    // The council's finance officer, once there is spend to certify.
    certify: editable && r.certificationRequired && hasPermission(user, "return:certify") ? { ready: r.quarterEnded && everyLineReported, name: user.name, today } : null,
    canReview: hasPermission(user, "return:review") && !closure,
    yearClosed: closure ? yearClosedMessage(closure) : null,
    evidence: listEvidence(grantReturn.id),
    // Files are added and removed on the evidence page while the return is open.
    canChangeEvidence: editable && hasPermission(user, "return:edit"),
  };
}

type ActionData = FormState & { intent: ReturnPageIntent };

const PERMISSION = { certify: "return:certify", accept: "return:review", query: "return:review", reopen: "return:review" } as const;

export const action = refusingClosedYears(async ({ request, params }: ActionFunctionArgs) => {
  const { user, grantReturn } = await requireReturn(request, params, "return:read");
  refuse(returnClosure(grantReturn.id));
  const formData = await readForm(request);
  const intent = RETURN_PAGE_INTENTS.find((i) => i === formData.get("intent"));
  if (!intent) return data<ActionData>({ values: {}, errors: {}, formError: "This form is out of date: reload the page.", intent: "accept" }, { status: 400 });
  if (!hasPermission(user, PERMISSION[intent])) throw data("You do not have permission to do this", { status: 403 });
  const back = `/grants/${grantReturn.grantId}/returns/${grantReturn.id}`;

  if (intent === "certify") {
    const parsed = parseForm(formData, certifySchema);
    if (!parsed.ok) return data<ActionData>({ ...dateErrorsOnDay(parsed.state), intent }, { status: 400 });
    const { version, certifiedName, certifiedRole, certifiedOn } = parsed.data;
    if (!certifiedOn) return data<ActionData>({ values: parsed.values, errors: { "certifiedOn.day": "Enter the date of certification" }, intent }, { status: 400 });
    const result = certifyReturn(grantReturn.id, user.userId, version, { name: certifiedName, role: certifiedRole, on: certifiedOn });
    if (result.kind === "saved") return redirect(`${back}?done=certified`);
    if (result.kind === "refused") {
      const field = result.field === "on" ? "certifiedOn.day" : result.field === "name" ? "certifiedName" : result.field === "role" ? "certifiedRole" : null;
      return data<ActionData>(field ? { values: parsed.values, errors: { [field]: result.message }, intent } : { values: parsed.values, errors: {}, formError: result.message, intent }, { status: field ? 400 : 409 });
    }
    if (result.kind === "not-editable") return data<ActionData>({ values: parsed.values, errors: {}, formError: `This return is ${RETURN_STATUS_LABELS[result.status].toLowerCase()}: its spend can no longer be certified.`, intent }, { status: 409 });
    return data<ActionData>({ values: parsed.values, errors: {}, formError: staleMessage(result, user), intent }, { status: 409 });
  }

  const schema = intent === "query" ? queryFormSchema : intent === "reopen" ? reopenFormSchema : acceptFormSchema;
  const parsed = parseForm(formData, schema);
  if (!parsed.ok) return data<ActionData>({ ...parsed.state, intent }, { status: 400 });
  const d = parsed.data as { version: number; comments?: string; reason?: string; note?: string };
  let result: ReviewResult;
  if (intent === "query") result = queryReturn(grantReturn.id, user.userId, d.version, d.comments!);
  else if (intent === "reopen") result = reopenReturn(grantReturn.id, user.userId, d.version, d.reason!);
  else result = acceptReturn(grantReturn.id, user.userId, d.version, d.note ?? "");
  switch (result.kind) {
    case "saved":
      deliverInBackground();
      return redirect(`${back}?done=${intent}`);
    case "stale":
      return data<ActionData>({ values: parsed.values, errors: {}, formError: staleMessage(result, user), intent }, { status: 409 });
    case "not-allowed":
      return data<ActionData>({ values: parsed.values, errors: {}, formError: `This return is ${RETURN_STATUS_LABELS[result.status].toLowerCase()}: it cannot be ${intent === "query" ? "queried" : intent === "accept" ? "accepted" : "reopened"} now.`, intent }, { status: 409 });
    case "refused":
      return data<ActionData>({ values: parsed.values, errors: { [intent === "query" ? "comments" : "reason"]: result.message }, intent }, { status: 400 });
  }
});

const staleMessage = (s: Stale, viewer: { userId: number; name: string }) =>
  `${changedSinceOpened("return", s, viewer)}. Nothing has been saved: check the return below, then try again.`;

/** A refused date links to its day box. */
function dateErrorsOnDay(state: FormState): FormState {
  if (!state.errors.certifiedOn) return state;
  const { certifiedOn, ...rest } = state.errors;
  return { ...state, errors: { ...rest, "certifiedOn.day": certifiedOn } };
}

const DONE: Record<string, string> = {
  saved: "Your return has been saved.",
  submitted: "Your return has been submitted to the OPCC.",
  certified: "The spend has been certified.",
  accept: "The return has been accepted.",
  query: "The return has been sent back to the partnership with your comments.",
  reopen: "The return has been reopened.",
};

export default function ReturnPage() {
  const { r, reopened, daysOverdue: overdue, submittedLate, canEdit, canSubmit, certify, canReview, evidence, canChangeEvidence, yearClosed } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [search] = useSearchParams();
  const done = lookup(DONE, search.get("done"));
  const lastQuery = r.status === "queried" ? [...r.reviews].reverse().find((v) => v.action === "queried") : undefined;
  const base = `/grants/${r.grantId}/returns/${r.id}`;
  const formState = (intent: ReturnPageIntent) => (state?.intent === intent ? state : undefined);
  return (
    <>
      <Link className="govuk-back-link" to={`/grants/${r.grantId}`}>
        Back to the grant
      </Link>
      <ErrorSummary state={state} />
      {done && !state ? <SuccessBanner id="done-title">{done}</SuccessBanner> : null}
      <YearClosedBanner message={yearClosed} />
      <span className="govuk-caption-l">
        {r.cspName} · {r.title}
      </span>
      <h1 className="govuk-heading-l">Quarterly return: {r.label}</h1>
      {reopened ? (
        <ImportantBanner>
          <p className="govuk-notification-banner__heading">
            The OPCC reopened this return on {formatDateTime(reopened.at)}. The partnership can change it and submit it again.
          </p>
          <p className="govuk-body-s govuk-!-margin-bottom-1">{reopened.byName} wrote:</p>
          <p className="govuk-body portal-pre-wrap">{reopened.comment}</p>
        </ImportantBanner>
      ) : null}
      {lastQuery ? (
        <div className="govuk-inset-text" id="query">
          <h2 className="govuk-heading-s">The OPCC queried this return on {formatDateTime(lastQuery.at)}</h2>
          <p className="govuk-body portal-pre-wrap">{lastQuery.comment}</p>
          <p className="govuk-body">{lastQuery.byName}</p>
        </div>
      ) : null}
      <dl className="govuk-summary-list">
        <SummaryRow label="Status" value={<ReturnStatusTag status={r.status} />} />
        <SummaryRow label="Grant" value={<Link className="govuk-link" to={`/grants/${r.grantId}`}>{r.title} ({r.decisionReference})</Link>} />
        <SummaryRow label="Quarter" value={`${formatDate(r.periodStart)} to ${formatDate(r.periodEnd)}${r.quarterEnded ? "" : " (not yet ended)"}`} />
        <SummaryRow label="Due" value={`${formatDate(r.dueOn)}${overdue ? `: ${daysOverdueText(overdue)}` : ""}`} />
        {r.firstSubmittedAt ? (
          <SummaryRow
            label="Submitted"
            value={`${formatDateTime(r.firstSubmittedAt)}${submittedLate ? " (late)" : ""}${r.submittedAt && r.submittedAt !== r.firstSubmittedAt ? `; again ${formatDateTime(r.submittedAt)}` : ""}`}
          />
        ) : null}
        {r.acceptedAt ? <SummaryRow label="Accepted" value={formatDateTime(r.acceptedAt)} /> : null}
        <SummaryRow label="Last changed" value={`${formatDateTime(r.updatedAt)} by ${r.updatedByName}`} />
      </dl>

      {canEdit || canSubmit ? (
        <div className="govuk-button-group">
          {canEdit ? (
            <Link className="govuk-button" data-module="govuk-button" to={`${base}/edit`}>
              {r.status === "not_started" ? "Fill in the return" : "Change the return"}
            </Link>
          ) : null}
          {canSubmit ? (
            <Link className="govuk-button govuk-button--secondary" data-module="govuk-button" to={`${base}/submit`}>
              Check and submit
            </Link>
          ) : null}
        </div>
      ) : null}

      <ReturnSummary r={r} />

      <h2 className="govuk-heading-m" id="certification">Certification by the council</h2>
      {r.certification ? (
        <p className="govuk-body">
          The spend was certified by {r.certification.name}, {r.certification.role}, {r.council}, on {formatDate(r.certification.on)}.
        </p>
      ) : r.certificationRequired ? (
        <p className="govuk-body">{r.council}&apos;s finance officer certifies the spend before the return is submitted. It has not been certified yet.</p>
      ) : (
        <p className="govuk-body">{r.streamName} returns are not certified by the council.</p>
      )}
      {certify ? (
        certify.ready ? (
          <PostForm noValidate>
            <input type="hidden" name="intent" value="certify" />
            <input type="hidden" name="version" value={r.version} />
            <FormStateProvider state={formState("certify")}>
              <h3 className="govuk-heading-s">Certify the spend</h3>
              <p className="govuk-body">
                I certify on behalf of {r.council} that the spend reported in this return was incurred on the purposes of the grant.
              </p>
              <TextInput name="certifiedName" label="Your full name" defaultValue={r.certification?.name ?? certify.name} autoComplete="name" width="20" />
              <TextInput name="certifiedRole" label="Your role" defaultValue={r.certification?.role ?? ""} hint="For example, Finance Manager" width="20" />
              <DateInput name="certifiedOn" legend="Date of certification" hint="Today or earlier, after the quarter ended. For example, 12 7 2023" defaultValue={certify.today} />
              <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
                Certify the spend
              </button>
            </FormStateProvider>
          </PostForm>
        ) : (
          <p className="govuk-body">The spend can be certified once the quarter has ended and the partnership has entered the actual spend on every line.</p>
        )
      ) : null}

      <EvidenceList grantId={r.grantId} returnId={r.id} files={evidence} />
      {canChangeEvidence ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={evidencePath(r.grantId, r.id)}>
            Add or remove evidence files
          </Link>
        </p>
      ) : null}

      {canReview ? <ReviewForms r={r} formState={formState} /> : null}

      <History r={r} />
    </>
  );
}

function ReviewForms({ r, formState }: { r: ReturnType<typeof useLoaderData<typeof loader>>["r"]; formState: (intent: ReturnPageIntent) => ActionData | undefined }) {
  if (AWAITING_ACCEPTANCE.includes(r.status)) {
    return (
      <>
        <h2 className="govuk-heading-m" id="review">Review this return</h2>
        <PostForm noValidate>
          <input type="hidden" name="intent" value="accept" />
          <input type="hidden" name="version" value={r.version} />
          <FormStateProvider state={formState("accept")}>
            <Textarea name="note" label="A note to the partnership (optional)" rows={3} />
          </FormStateProvider>
          <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
            Accept the return
          </button>
        </PostForm>
        <PostForm noValidate>
          <input type="hidden" name="intent" value="query" />
          <input type="hidden" name="version" value={r.version} />
          <FormStateProvider state={formState("query")}>
            <Textarea name="comments" label="Query the return: your comments for the partnership" hint="Say what is wrong or missing. The CSP lead and the council's finance officer are e-mailed your comments." />
          </FormStateProvider>
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button" data-prevent-double-click="true">
            Send the query
          </button>
        </PostForm>
      </>
    );
  }
  if (r.status === "accepted") {
    return (
      <>
        <h2 className="govuk-heading-m" id="review">Reopen this return</h2>
        <p className="govuk-body">Reopening lets the partnership change the return and submit it again.</p>
        <PostForm noValidate>
          <input type="hidden" name="intent" value="reopen" />
          <input type="hidden" name="version" value={r.version} />
          <FormStateProvider state={formState("reopen")}>
            <Textarea name="reason" label="Why the return is reopened" hint="The partnership is e-mailed your reason." rows={3} />
          </FormStateProvider>
          <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button" data-prevent-double-click="true">
            Reopen the return
          </button>
        </PostForm>
      </>
    );
  }
  return null;
}

const REVIEW_WORDS = { accepted: "Accepted", queried: "Queried", reopened: "Reopened" } as const;

/** Submissions and the OPCC's reviews, in time order. */
function History({ r }: { r: ReturnType<typeof useLoaderData<typeof loader>>["r"] }) {
  const events = [
    ...r.submissions.map((s) => ({ at: s.submittedAt, text: `${s.number === 1 ? "Submitted" : `Submitted again (submission ${s.number})`} by ${s.submittedByName}`, comment: "" })),
    ...r.reviews.map((v) => ({ at: v.at, text: `${REVIEW_WORDS[v.action]} by ${v.byName}`, comment: v.comment })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  if (events.length === 0) return null;
  return (
    <>
      <h2 className="govuk-heading-m" id="history">History</h2>
      <ul className="govuk-list">
        {events.map((e, i) => (
          <li key={i}>
            <strong>{formatDateTime(e.at)}</strong>: {e.text}
            {e.comment ? <p className="govuk-body portal-pre-wrap govuk-!-margin-top-1">{e.comment}</p> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
