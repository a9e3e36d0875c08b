import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, Radios, TextInput } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { SuccessBanner } from "../components/success-banner";
import { TableRegion } from "../components/table-region";
import { addPriority, changePriority, listOpccPriorities, type PriorityResult } from "../data/priorities.server";
import { lookup } from "../domain/lookup";
import { OPCC_PRIORITY_KINDS, PRIORITY_KIND_LABELS } from "../domain/priorities";
import { idField, requiredText, versionField } from "../forms/fields";
import { parseForm, readForm, type FormState } from "../forms/form-state";

export const handle = { title: "Priorities and statutory duties" };

const addSchema = z.object({
  intent: z.literal("add"),
  kind: z.enum(OPCC_PRIORITY_KINDS, { errorMap: () => ({ message: "Choose whether it is a Police and Crime Plan priority or a statutory duty" }) }),
  name: requiredText("the name", 200),
});
const changeSchema = z.object({ intent: z.enum(["rename", "up", "down", "retire", "restore"]), id: idField("Reload the page and try again"), version: versionField });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  return { priorities: listOpccPriorities() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "settings:manage");
  const form = await readForm(request);
  const refused = (result: PriorityResult, values: FormState["values"]) => {
    if (result.kind === "missing") notFound();
    if (result.kind === "stale") return data<FormState>({ values, errors: {}, formError: result.message }, { status: 409 });
    if (result.kind === "invalid") return data<FormState>({ values, errors: result.errors }, { status: 400 });
    return null;
  };
  if (form.get("intent") === "add") {
    const parsed = parseForm(form, addSchema);
    if (!parsed.ok) return data<FormState>(parsed.state, { status: 400 });
    return refused(addPriority(user.userId, parsed.data.kind, parsed.data.name), parsed.values) ?? redirect("/settings/priorities?done=added");
  }
  const parsed = parseForm(form, changeSchema);
  if (!parsed.ok) return data<FormState>({ values: {}, errors: {}, formError: "Reload the page and try again." }, { status: 400 });
  const { intent, id, version } = parsed.data;
  if (intent === "rename") {
    const field = `name-${id}`;
    const name = requiredText("the new name", 200).safeParse(form.get(field) ?? "");
    if (!name.success) return data<FormState>({ values: parsed.values, errors: { [field]: name.error.issues[0].message } }, { status: 400 });
    return refused(changePriority(user.userId, id, version, { change: "rename", name: name.data }), parsed.values) ?? redirect("/settings/priorities?done=renamed");
  }
  return refused(changePriority(user.userId, id, version, { change: intent }), {}) ?? redirect(`/settings/priorities?done=${intent === "up" || intent === "down" ? "moved" : intent === "retire" ? "retired" : "restored"}`);
}

const BANNERS: Record<string, string> = {
  added: "It has been added, and is offered on bids from now on.",
  renamed: "The name has been changed. Bids that chose it show the new name.",
  moved: "The order has been changed.",
  retired: "It has been retired: new bids are not offered it. Bids that chose it keep it.",
  restored: "It is offered on bids again.",
};

/** The Police and Crime Plan's priorities and the statutory duties bids are asked to deliver. */
export default function Priorities() {
  const { priorities } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const banner = lookup(BANNERS, params.get("done"));
  // A refused change keeps what was typed in its own box; every other box shows what is saved.
  const merged: FormState | undefined = state
    ? { ...state, values: { kind: "police_and_crime_plan", ...Object.fromEntries(priorities.map((p) => [`name-${p.id}`, p.name])), ...state.values } }
    : undefined;
  return (
    <>
      <Link className="govuk-back-link" to="/settings">
        Back to settings
      </Link>
      {banner && !state ? <SuccessBanner id="banner-title">{banner}</SuccessBanner> : null}
      <ErrorSummary state={state} />
      <h1 className="govuk-heading-l">Priorities and statutory duties</h1>
      <p className="govuk-body">What a bid says it delivers. Each partnership's own priorities are kept on the partnership's page.</p>
      <FormStateProvider state={merged}>
        {OPCC_PRIORITY_KINDS.map((kind) => {
          const rows = priorities.filter((p) => p.kind === kind);
          return (
            <TableRegion key={kind} label={PRIORITY_KIND_LABELS[kind]}>
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--m">{PRIORITY_KIND_LABELS[kind]}, in the order bids list them</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Name</th>
                    <th scope="col" className="govuk-table__header">Offered</th>
                    <th scope="col" className="govuk-table__header">
                      <span className="govuk-visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {rows.length === 0 ? (
                    <tr className="govuk-table__row">
                      <td className="govuk-table__cell" colSpan={3}>None yet.</td>
                    </tr>
                  ) : null}
                  {rows.map((p, i) => (
                    <tr key={p.id} className="govuk-table__row">
                      <td className="govuk-table__cell">
                        <PostForm noValidate>
                          <input type="hidden" name="id" value={p.id} />
                          <input type="hidden" name="version" value={p.version} />
                          <TextInput name={`name-${p.id}`} label={`Name of ${kind === "statutory" ? "duty" : "priority"} ${i + 1}`} labelClass="govuk-visually-hidden" defaultValue={p.name} width="full" />
                          <button type="submit" name="intent" value="rename" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                            Rename<span className="govuk-visually-hidden"> {p.name}</span>
                          </button>
                        </PostForm>
                      </td>
                      <td className="govuk-table__cell">{p.retiredAt ? <strong className="govuk-tag govuk-tag--grey">Retired</strong> : "Yes"}</td>
                      <td className="govuk-table__cell">
                        <PostForm>
                          <input type="hidden" name="id" value={p.id} />
                          <input type="hidden" name="version" value={p.version} />
                          <div className="govuk-button-group govuk-!-margin-bottom-0">
                            {i > 0 ? (
                              <button type="submit" name="intent" value="up" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                                Move up<span className="govuk-visually-hidden"> {p.name}</span>
                              </button>
                            ) : null}
                            {i < rows.length - 1 ? (
                              <button type="submit" name="intent" value="down" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                                Move down<span className="govuk-visually-hidden"> {p.name}</span>
                              </button>
                            ) : null}
                            <button type="submit" name="intent" value={p.retiredAt ? "restore" : "retire"} className="govuk-button govuk-button--secondary" data-module="govuk-button">
                              {p.retiredAt ? "Offer again" : "Retire"}
                              <span className="govuk-visually-hidden"> {p.name}</span>
                            </button>
                          </div>
                        </PostForm>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          );
        })}
        <h2 className="govuk-heading-m">Add a priority or duty</h2>
        <PostForm noValidate key={priorities.length}>
          <input type="hidden" name="intent" value="add" />
          <Radios
            name="kind"
            legend="Which is it?"
            defaultValue="police_and_crime_plan"
            options={OPCC_PRIORITY_KINDS.map((k) => ({ value: k, label: k === "statutory" ? "A statutory duty" : "A Police and Crime Plan priority" }))}
          />
          <TextInput name="name" label="Name" width="full" />
          <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
            Add it
          </button>
        </PostForm>
      </FormStateProvider>
    </>
  );
}
