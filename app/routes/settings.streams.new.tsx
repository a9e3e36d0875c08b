import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { StreamFields } from "../components/stream-fields";
import { createStream } from "../data/streams.server";
import { parseForm, readForm, type FormState } from "../forms/form-state";
import { streamSchema } from "../forms/streams";

export const handle = { title: "Add a funding stream" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "settings:manage");
  const parsed = parseForm(await readForm(request), streamSchema);
  if (!parsed.ok) return data<FormState>(parsed.state, { status: 400 });
  const result = createStream(user.userId, parsed.data.input);
  if (result.kind === "invalid") return data<FormState>({ values: parsed.values, errors: result.errors }, { status: 400 });
  return redirect("/settings/streams?done=added");
}

export default function NewStream() {
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/settings/streams">
          Back to funding streams
        </Link>
        <ErrorSummary state={state} />
        <h1 className="govuk-heading-l">Add a funding stream</h1>
        <PostForm noValidate>
          <FormStateProvider state={state}>
            <StreamFields />
          </FormStateProvider>
          <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
            Add the stream
          </button>
        </PostForm>
      </div>
    </div>
  );
}
