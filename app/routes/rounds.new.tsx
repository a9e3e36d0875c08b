import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { PostForm } from "../components/post-form";
import { requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider } from "../components/form-fields";
import { RoundFields } from "../components/round-fields";
import { listFinancialYears } from "../data/reference.server";
import { hasPermission } from "../domain/access-rules";
import { ensureFinancialYears } from "../data/financial-years.server";
import { createRound, listOfferedStreams } from "../data/rounds.server";
import { parseForm, readForm, type FormState } from "../forms/form-state";
import { roundSchema } from "../forms/rounds";

export const handle = { title: "Create a round" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "round:manage");
  ensureFinancialYears();
  return { streams: listOfferedStreams(), years: listFinancialYears(), canAddStreams: hasPermission(user, "settings:manage") };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "round:manage");
  const parsed = parseForm(await readForm(request), roundSchema);
  if (!parsed.ok) return data<FormState>(parsed.state, { status: 400 });
  const { input } = parsed.data;
  const errors: Record<string, string> = {};
  if (!listOfferedStreams().some((s) => s.id === input.streamId)) errors.streamId = "Choose a stream from the list";
  if (!listFinancialYears().some((y) => y.id === input.financialYearId)) errors.financialYearId = "Choose a year from the list";
  if (Object.keys(errors).length) return data<FormState>({ values: parsed.values, errors }, { status: 400 });
  const id = createRound(input, user.userId);
  return redirect(`/rounds/${id}`);
}

export default function NewRound() {
  const { streams, years, canAddStreams } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/rounds">
          Back to rounds
        </Link>
        <ErrorSummary state={state} />
        <h1 className="govuk-heading-l">Create a round</h1>
        {streams.length === 0 ? (
          // A new installation: a round belongs to a funding stream, and there is none to offer yet.
          <p className="govuk-body" id="no-streams">
            There are no funding streams yet, and every round belongs to one.{" "}
            {canAddStreams ? (
              <>
                <Link className="govuk-link" to="/settings/streams/new">
                  Add a funding stream
                </Link>{" "}
                first.
              </>
            ) : (
              "Ask an administrator to add a funding stream first."
            )}
          </p>
        ) : (
          <>
            <p className="govuk-body">A new round is not open to bids until you open it.</p>
            <PostForm noValidate>
              <FormStateProvider state={state}>
                <RoundFields streams={streams} years={years} />
              </FormStateProvider>
              <button type="submit" className="govuk-button" data-module="govuk-button">
                Create round
              </button>
            </PostForm>
          </>
        )}
      </div>
    </div>
  );
}
