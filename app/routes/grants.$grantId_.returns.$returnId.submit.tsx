import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { refusingClosedYears, requireReturn } from "../auth/access.server";
import { refuse, returnClosure } from "../data/year-lock.server";
import { EvidenceList, evidencePath } from "../components/evidence-list";
import { ErrorSummary } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { ReturnSummary } from "../components/return-summary";
import { deliverInBackground } from "../data/notifications.server";
import { listEvidence } from "../data/evidence.server";
import { submitReturn } from "../data/return-editing.server";
import { forSubmission, loadReturn } from "../data/returns.server";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { hasPermission, cspOf } from "../domain/access-rules";
import { CERTIFICATION_FIELD, PERIOD_FIELD, returnProblems, type ReturnProblem } from "../domain/return-completeness";
import { RETURN_STATUS_LABELS, isReturnEditable } from "../domain/return-lifecycle";
import { ukDate } from "../domain/round-window";
import { versionField } from "../forms/fields";
import { changedSinceOpened, parseForm, readForm, type FormState } from "../forms/form-state";

/** Check your answers, then submit: the whole return, what still stops it, and the declaration. */

export const handle = { title: (data: { r: { title: string; label: string } } | undefined) => (data ? `Check your return before you submit it: ${data.r.label}, ${data.r.title}` : "Check your return") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, grantReturn } = await requireReturn(request, params, "return:submit");
  // Not open to changes, or its year is closed: the return's page says why.
  if (!isReturnEditable(grantReturn.status) || returnClosure(grantReturn.id)) throw redirect(`/grants/${grantReturn.grantId}/returns/${grantReturn.id}`);
  const r = loadReturn(grantReturn.id, { forPartnership: cspOf(user) !== null })!;
  return {
    r,
    problems: returnProblems(forSubmission(r), ukDate(new Date())),
    evidence: listEvidence(grantReturn.id),
    // The return is open (else the redirect above): files are added and removed on the evidence page.
    canChangeEvidence: hasPermission(user, "return:edit"),
  };
}

type SubmitData = FormState & { problems?: ReturnProblem[] };

export const action = refusingClosedYears(async ({ request, params }: ActionFunctionArgs) => {
  const { user, grantReturn } = await requireReturn(request, params, "return:submit");
  refuse(returnClosure(grantReturn.id));
  const parsed = parseForm(await readForm(request), z.object({ version: versionField }));
  if (!parsed.ok) return data<SubmitData>({ ...parsed.state, formError: "This page is out of date: reload it and try again." }, { status: 400 });
  const result = submitReturn(grantReturn.id, user.userId, parsed.data.version);
  switch (result.kind) {
    case "saved":
      deliverInBackground();
      return redirect(`/grants/${grantReturn.grantId}/returns/${grantReturn.id}?done=submitted`);
    case "incomplete":
      return data<SubmitData>({ values: {}, errors: {}, formError: "The return was not submitted.", problems: result.problems }, { status: 400 });
    case "stale":
      return data<SubmitData>(
        { values: {}, errors: {}, formError: `${changedSinceOpened("return", result, user)}. Check it again below, then submit it.` },
        { status: 409 },
      );
    case "not-editable":
      return data<SubmitData>({ values: {}, errors: {}, formError: `This return is ${RETURN_STATUS_LABELS[result.status].toLowerCase()}: it cannot be submitted now.` }, { status: 409 });
  }
});

export default function SubmitReturn() {
  const { r, problems, evidence, canChangeEvidence } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/grants/${r.grantId}/returns/${r.id}`;
  const refused = result?.problems;
  const spent = r.totals.capital.actualPence + r.totals.revenue.actualPence;
  return (
    <>
      <Link className="govuk-back-link" to={base}>
        Back to the return
      </Link>
      {refused ? <ReturnProblems base={base} problems={refused} asError /> : <ErrorSummary state={result} />}
      <span className="govuk-caption-l">
        {r.cspName} · {r.title}
      </span>
      <h1 className="govuk-heading-l">Check your return before you submit it</h1>
      <p className="govuk-body">
        {r.label}, due {formatDate(r.dueOn)}.
      </p>
      {!refused && problems.length ? <ReturnProblems base={base} problems={problems} asError={false} /> : null}
      <ReturnSummary r={r} changeHref={`${base}/edit`} />
      <EvidenceList grantId={r.grantId} returnId={r.id} files={evidence} />
      {canChangeEvidence ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={evidencePath(r.grantId, r.id)}>
            Add or remove evidence files
          </Link>
        </p>
      ) : null}
      <h2 className="govuk-heading-m">Certification</h2>
      <p className="govuk-body">
        {r.certification
          ? `Certified by ${r.certification.name}, ${r.certification.role}, ${r.council}, on ${formatDate(r.certification.on)}.`
          : r.certificationRequired
            ? `Not yet certified by ${r.council}'s finance officer.`
            : "Not needed for this fund."}
      </p>
      {problems.length === 0 ? (
        <>
          <h2 className="govuk-heading-m">Now submit your return</h2>
          <p className="govuk-body">
            By submitting this return you confirm that, to the best of your knowledge, {r.cspName} spent <strong>{formatPence(spent)}</strong> of the grant in the quarter as reported, and that the outcomes and
            progress reported are correct. You cannot change the return once it is submitted unless the OPCC queries or reopens it.
          </p>
          <PostForm noValidate>
            <input type="hidden" name="version" value={r.version} />
            <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
              Submit the return
            </button>
          </PostForm>
        </>
      ) : (
        <p className="govuk-body">
          <Link className="govuk-link" to={`${base}/edit`}>
            Go back and finish the return
          </Link>
        </p>
      )}
    </>
  );
}

/** What stops the return being submitted, each linking to where it is put right. */
function ReturnProblems({ base, problems, asError }: { base: string; problems: ReturnProblem[]; asError: boolean }) {
  const href = (p: ReturnProblem) => (p.field === CERTIFICATION_FIELD ? `${base}#certification` : `${base}/edit#${p.field}`);
  return (
    <div className="govuk-error-summary" data-module={asError ? "govuk-error-summary" : undefined} id="return-problems">
      <div role={asError ? "alert" : undefined}>
        <h2 className="govuk-error-summary__title">{asError ? "There is a problem" : "Before you can submit"}</h2>
        <div className="govuk-error-summary__body">
          <p className="govuk-body">
            {asError ? "The return was not submitted. " : ""}
            {problems.length === 1 ? "1 thing needs" : `${problems.length} things need`} to be done:
          </p>
          <ul className="govuk-list govuk-error-summary__list">
            {problems.map((p, i) => (
              <li key={i}>{p.field === PERIOD_FIELD ? p.message : <a href={href(p)}>{p.message}</a>}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
