import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "../auth/access.server";
import { ErrorSummary } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { SuccessBanner } from "../components/success-banner";
import { TableRegion } from "../components/table-region";
import { addNextFinancialYear, ensureFinancialYears, yearsPage } from "../data/financial-years.server";
import { formatDate } from "../domain/financial-years";
import { parseForm, readForm, type FormState } from "../forms/form-state";

export const handle = { title: "Financial years" };

const addSchema = z.object({ next: z.string().regex(/^\d{4}-\d{2}$/, "Reload the page and try again") });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  ensureFinancialYears();
  return yearsPage();
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "settings:manage");
  const parsed = parseForm(await readForm(request), addSchema);
  if (!parsed.ok) return data<FormState>({ values: {}, errors: {}, formError: "Reload the page and try again." }, { status: 400 });
  const result = addNextFinancialYear(user.userId, parsed.data.next);
  if (result.kind === "stale") return data<FormState>({ values: {}, errors: {}, formError: result.message }, { status: 409 });
  return redirect(`/settings/years?added=${encodeURIComponent(result.label)}`);
}

/** The financial years rounds can be set in: the list, and "Add the next financial year". */
export default function FinancialYears() {
  const { years, next } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const added = params.get("added");
  return (
    <>
      <Link className="govuk-back-link" to="/settings">
        Back to settings
      </Link>
      {added && !state && years.some((y) => y.label === added) ? <SuccessBanner id="banner-title">{`${added} has been added. Rounds can now be set in it.`}</SuccessBanner> : null}
      <ErrorSummary state={state} />
      <h1 className="govuk-heading-l">Financial years</h1>
      <p className="govuk-body">
        Each runs from 1 April to 31 March. The year today falls in is made automatically, and from 1 January so is the next one; add a year yourself to plan a round further ahead.
      </p>
      <PostForm>
        <input type="hidden" name="next" value={next} />
        <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
          Add the next financial year ({next})
        </button>
      </PostForm>
      <TableRegion label="Financial years">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Financial years, newest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Year</th>
              <th scope="col" className="govuk-table__header">Runs</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Rounds</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {years.map((y) => (
              <tr key={y.id} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">{y.label}</th>
                <td className="govuk-table__cell">
                  {formatDate(y.startsOn)} to {formatDate(y.endsOn)}
                </td>
                <td className="govuk-table__cell">{y.status === "closed" ? <strong className="govuk-tag govuk-tag--grey">Closed</strong> : "Open"}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{y.rounds}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </>
  );
}
