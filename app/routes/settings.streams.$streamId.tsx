import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, parseId, requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { StreamFields } from "../components/stream-fields";
import { findStream, setStreamRetired, updateStream, type StreamSaveResult } from "../data/streams.server";
import { changedSinceOpened, parseForm, readForm, type FormState } from "../forms/form-state";
import { versionField } from "../forms/fields";
import { streamSchema } from "../forms/streams";

export const handle = { title: "Change a funding stream" };

const retireSchema = z.object({ intent: z.enum(["retire", "restore"]), version: versionField });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  const stream = findStream(parseId(params.streamId)) ?? notFound();
  return { stream };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "settings:manage");
  const id = parseId(params.streamId);
  if (!findStream(id)) notFound();
  const form = await readForm(request);
  const intent = form.get("intent");
  const refusal = (result: StreamSaveResult, values: FormState["values"]) => {
    if (result.kind === "missing") notFound();
    if (result.kind === "stale") {
      return data<FormState>({ values, errors: {}, formError: `${changedSinceOpened("stream", result, user)}. Nothing has been saved: reload the page to see the change, then make yours again.` }, { status: 409 });
    }
    if (result.kind === "invalid") return data<FormState>({ values, errors: result.errors }, { status: 400 });
    return null;
  };
  if (intent === "retire" || intent === "restore") {
    const parsed = parseForm(form, retireSchema);
    if (!parsed.ok) return data<FormState>({ values: {}, errors: {}, formError: "Reload the page and try again." }, { status: 400 });
    const result = setStreamRetired(user.userId, id, parsed.data.version, parsed.data.intent === "retire");
    return refusal(result, {}) ?? redirect(`/settings/streams?done=${parsed.data.intent === "retire" ? "retired" : "restored"}`);
  }
  const parsed = parseForm(form, streamSchema);
  if (!parsed.ok) return data<FormState>(parsed.state, { status: 400 });
  if (parsed.data.version === undefined) return data<FormState>({ values: parsed.values, errors: {}, formError: "This form is out of date: reload the page" }, { status: 400 });
  const result = updateStream(user.userId, id, parsed.data.version, parsed.data.input);
  return refusal(result, parsed.values) ?? redirect("/settings/streams?done=saved");
}

export default function ChangeStream() {
  const { stream } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/settings/streams">
          Back to funding streams
        </Link>
        <ErrorSummary state={state} />
        <h1 className="govuk-heading-l">{stream.name}</h1>
        {stream.retiredAt ? <p className="govuk-inset-text">This stream is retired: it is not offered when a round is created. Its rounds and grants stay as they are.</p> : null}
        <PostForm noValidate>
          <input type="hidden" name="version" value={stream.version} />
          <FormStateProvider state={state}>
            <StreamFields stream={stream} />
          </FormStateProvider>
          <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
            Save the stream
          </button>
        </PostForm>
        <h2 className="govuk-heading-m">{stream.retiredAt ? "Offer the stream again" : "Retire the stream"}</h2>
        <p className="govuk-body">{stream.retiredAt ? "New rounds may be set in it again." : "No new round may be set in it; its rounds and grants stay as they are."}</p>
        <PostForm>
          <input type="hidden" name="version" value={stream.version} />
          <button type="submit" name="intent" value={stream.retiredAt ? "restore" : "retire"} className="govuk-button govuk-button--secondary" data-module="govuk-button">
            {stream.retiredAt ? "Offer the stream again" : "Retire the stream"}
          </button>
        </PostForm>
      </div>
    </div>
  );
}
