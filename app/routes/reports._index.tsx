import type { LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, Select } from "../components/form-fields";
import { findReportCsp, reportCsps, reportYears } from "../data/scrutiny.server";
import { cspOf, isOpccStaff } from "../domain/access-rules";
import type { FormState } from "../forms/form-state";

/**
 * /reports: choose a partnership (OPCC staff: any; a partnership's people: their own) and a
 * financial year, and go to its scrutiny report. The choice is a GET form, so it works without
 * JavaScript; a choice that is not one of the options answers 400 with the error summary.
 */

export const handle = { title: "Reports" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "report:read");
  const own = isOpccStaff(user) ? null : cspOf(user);
  const years = reportYears();
  const csps = own === null ? (isOpccStaff(user) ? reportCsps() : []) : [findReportCsp(own)].filter((c) => c !== undefined).map((c) => ({ id: c.id, name: c.name }));
  const url = new URL(request.url);
  const cspRaw = own !== null ? String(own) : url.searchParams.get("csp");
  const fyRaw = url.searchParams.get("fy");
  const page = { csps, years: years.map((y) => y.label), own: own !== null, chosenCsp: cspRaw ?? "", chosenYear: fyRaw ?? "" };
  if (url.searchParams.has("fy") || url.searchParams.has("csp")) {
    const errors: Record<string, string> = {};
    const csp = csps.find((c) => String(c.id) === cspRaw);
    if (!csp) errors.csp = "Choose a partnership";
    if (!fyRaw || !page.years.includes(fyRaw)) errors.fy = "Choose a financial year";
    if (csp && !errors.fy) return redirect(`/reports/scrutiny/${csp.id}/${fyRaw}`);
    const state: FormState = { values: { csp: cspRaw ?? "", fy: fyRaw ?? "" }, errors };
    return data({ ...page, state }, { status: 400 });
  }
  return { ...page, state: undefined as FormState | undefined };
}

export default function Reports() {
  const { csps, years, own, chosenCsp, chosenYear, state } = useLoaderData<typeof loader>();
  const mine = own ? csps[0] : undefined;
  return (
    <>
      <ErrorSummary state={state} order={["csp", "fy"]} />
      <h1 className="govuk-heading-l">Reports</h1>
      <h2 className="govuk-heading-m">Annual report to the scrutiny committee</h2>
      <p className="govuk-body">
        What a partnership bid for in a financial year, what the PCC approved and what was spent, its match funding, the outcomes it achieved against its targets, and what
        became of any underspend: every figure from the records, with the partnership&apos;s own introduction. Each report can be downloaded as a PDF for the committee.
      </p>
      {mine ? (
        <ul className="govuk-list" id="own-reports">
          {years.map((fy) => (
            <li key={fy}>
              <Link className="govuk-link" to={`/reports/scrutiny/${mine.id}/${fy}`}>
                {mine.name}: {fy}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {csps.length ? (
        <form method="get" action="/reports" noValidate>
          <FormStateProvider state={state}>
            {own ? null : (
              <Select
                name="csp"
                label="Partnership"
                options={[{ value: "", label: "Choose a partnership" }, ...csps.map((c) => ({ value: String(c.id), label: c.name }))]}
                defaultValue={chosenCsp}
              />
            )}
            <Select name="fy" label="Financial year" options={[{ value: "", label: "Choose a year" }, ...years.map((y) => ({ value: y, label: y }))]} defaultValue={chosenYear} />
          </FormStateProvider>
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Open the report
          </button>
        </form>
      ) : (
        <p className="govuk-body">There are no partnerships whose reports you may read.</p>
      )}
    </>
  );
}
