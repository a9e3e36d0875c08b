import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireCspReport } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, Textarea } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { ScrutinyReportBody } from "../components/scrutiny-report";
import { SuccessBanner } from "../components/success-banner";
import { findIntroduction, saveIntroduction, scrutinyReport } from "../data/scrutiny.server";
import { hasPermission } from "../domain/access-rules";
import { formatDateTime } from "../domain/financial-years";
import { INTRODUCTION_MAX_LENGTH, introductionProblem } from "../domain/scrutiny-report";
import { changedSinceOpened, parseForm, readForm, type FormState } from "../forms/form-state";

/**
 * /reports/scrutiny/:cspId/:fy (e.g. /reports/scrutiny/6/2023-24): a partnership's annual report to
 * its council's scrutiny committee, every figure read from the records (decision record 026), with
 * the CSP lead's introduction at the top, which only they may change. The PDF is at
 * /reports/scrutiny/:cspId/:fy.pdf.
 */

export const handle = {
  title: (d: { report: { cspName: string; yearLabel: string } } | undefined) => (d ? `${d.report.cspName}: scrutiny report ${d.report.yearLabel}` : "Scrutiny report"),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, csp, year } = await requireCspReport(request, params);
  const introduction = findIntroduction(csp.id, year.id);
  return {
    cspId: csp.id,
    report: scrutinyReport(csp, year),
    introduction: introduction ? { text: introduction.text, version: introduction.version, updatedAt: introduction.updatedAt, updatedByName: introduction.updatedByName } : null,
    canEdit: hasPermission(user, "report:edit"),
    links: { finance: hasPermission(user, "finance:read"), rounds: hasPermission(user, "round:read"), clawbacks: hasPermission(user, "clawback:manage") },
  };
}

const schema = z.object({
  version: z
    .string()
    .default("")
    .transform((v) => (/^\d{1,9}$/.test(v) ? Number(v) : -1)),
  introduction: z
    .string()
    .default("")
    .transform((v) => v.replace(/\r\n/g, "\n").trim())
    .superRefine((v, ctx) => {
      const problem = introductionProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, csp, year } = await requireCspReport(request, params);
  if (!hasPermission(user, "report:edit")) throw data("You do not have permission to do this", { status: 403 });
  const parsed = parseForm(await readForm(request), schema);
  if (!parsed.ok) return data<FormState>(parsed.state, { status: 400 });
  const result = saveIntroduction({ cspId: csp.id, financialYearId: year.id, userId: user.userId, expectedVersion: parsed.data.version, text: parsed.data.introduction });
  if (result.kind === "stale") {
    return data<FormState>(
      {
        values: parsed.values,
        errors: {},
        formError: `${changedSinceOpened("introduction", { changedBy: result.changedBy, changedAt: result.changedAt, changedById: result.changedById }, user)}. Your words are kept below: copy them, reload the page, then make your change again.`,
      },
      { status: 409 },
    );
  }
  return redirect(`/reports/scrutiny/${csp.id}/${year.label}?done=saved#report-introduction`);
}

export default function ScrutinyReportPage() {
  const { cspId, report, introduction, canEdit, links } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [search] = useSearchParams();
  return (
    <>
      <Link className="govuk-back-link" to="/reports">
        Back to reports
      </Link>
      <ErrorSummary state={state} />
      {search.get("done") === "saved" && !state ? <SuccessBanner id="saved-title">The introduction has been saved.</SuccessBanner> : null}
      <span className="govuk-caption-l">Annual report to the scrutiny committee{report.accountableCouncil ? `, ${report.accountableCouncil}` : ""}</span>
      <h1 className="govuk-heading-xl">
        {report.cspName}: funding from the Police and Crime Commissioner, {report.yearLabel}
      </h1>
      <p className="govuk-body">
        Every figure in this report is read from the portal&apos;s records of bids, decisions, grants, quarterly returns and payments, and links to the record it comes from.
        {report.yearClosed ? ` The OPCC has closed ${report.yearLabel}: its figures are final.` : ` ${report.yearLabel} is still open: its figures may change as returns come in.`}
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href={`/reports/scrutiny/${cspId}/${report.yearLabel}.pdf`}>
          Download the report (PDF)
        </a>
      </p>

      <section aria-labelledby="report-introduction" className="govuk-!-margin-bottom-8" id="introduction-section">
        <h2 className="govuk-heading-l" id="report-introduction">
          Introduction
        </h2>
        {introduction ? (
          <>
            {introduction.text.split(/\n{2,}/).map((p, i) => (
              <p className="govuk-body portal-pre-wrap" key={i}>
                {p}
              </p>
            ))}
            <p className="govuk-body-s">
              Written by {introduction.updatedByName}, last changed {formatDateTime(introduction.updatedAt)}.
            </p>
          </>
        ) : (
          <p className="govuk-body">{canEdit ? "There is no introduction yet. Write one below." : "The partnership has not written an introduction yet."}</p>
        )}
        {canEdit ? (
          <PostForm noValidate key={introduction?.version ?? 0}>
            <input type="hidden" name="version" value={introduction?.version ?? 0} />
            <FormStateProvider state={state}>
              <Textarea
                name="introduction"
                label={introduction ? "Change the introduction" : "Write the introduction"}
                labelClass="govuk-label--m"
                hint={`A few paragraphs for the committee, in your own words: the figures below are added from the records. Up to ${INTRODUCTION_MAX_LENGTH.toLocaleString("en-GB")} characters; leave a blank line between paragraphs.`}
                defaultValue={introduction?.text ?? ""}
                rows={8}
              />
            </FormStateProvider>
            <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
              Save the introduction
            </button>
          </PostForm>
        ) : null}
      </section>

      <ScrutinyReportBody report={report} links={links} />
    </>
  );
}
