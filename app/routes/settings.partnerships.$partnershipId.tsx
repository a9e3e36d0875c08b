import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { notFound, parseId, requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, Select, TextInput } from "../components/form-fields";
import { PartnershipFields } from "../components/partnership-fields";
import { PostForm } from "../components/post-form";
import { SuccessBanner } from "../components/success-banner";
import { TableRegion } from "../components/table-region";
import { addPartnershipPriority, changePartnershipPriority, findPartnership, setPartnershipRetired, updatePartnership, type PartnershipResult } from "../data/partnerships.server";
import { formatDate } from "../domain/financial-years";
import { lookup } from "../domain/lookup";
import { requiredText } from "../forms/fields";
import { parseForm, readForm, type FormState } from "../forms/form-state";
import { PARTNERSHIP_FIELD_ORDER, partnershipSchema } from "../forms/partnership";

/**
 * /settings/partnerships/:id: a partnership's details (changed from the copy the page showed, by
 * its version), retiring it or bringing it back, and its own priorities: add, rename, retire.
 */

export const handle = { title: (d: { partnership?: { name: string } } | undefined) => d?.partnership?.name ?? "Partnership" };

const version = z.string().regex(/^\d{1,10}$/).transform(Number);
const id = z.string().regex(/^\d{1,10}$/).transform(Number);

const saveSchema = z.object({ version }).and(partnershipSchema);
const retireSchema = z.object({ version });
const addPrioritySchema = z.object({ priority: requiredText("the priority") });
const renameSchema = z.object({
  renameId: z.string({ required_error: "Choose the priority to rename" }).regex(/^\d{1,10}$/, "Choose the priority to rename").transform(Number),
  newName: requiredText("the priority's new name"),
  versions: z.record(z.string(), z.string()).default({}),
});
const priorityStateSchema = z.object({ priorityId: id, version });

type Intent = "save" | "retire" | "restore" | "add-priority" | "rename-priority" | "retire-priority" | "restore-priority";
const INTENTS: Intent[] = ["save", "retire", "restore", "add-priority", "rename-priority", "retire-priority", "restore-priority"];

type PageState = FormState & { intent: Intent };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  const found = findPartnership(parseId(params.partnershipId));
  if (!found) notFound();
  const { partnership: p, priorities } = found;
  return {
    partnership: {
      id: p.id,
      name: p.name,
      code: p.code,
      accountableCouncil: p.accountableCouncil ?? "",
      councilGssCode: p.councilGssCode,
      councilOrgId: p.councilOrgId,
      contactEmail: p.contactEmail,
      retiredAt: p.retiredAt,
      version: p.version,
    },
    priorities,
  };
}

const STALE = "Someone changed this partnership after you opened this page. Nothing has been saved: reload the page to see their changes, then make yours again.";
const STALE_PRIORITY = "Someone changed this priority after you opened this page. Nothing has been saved: reload the page to see their change.";

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "settings:manage");
  const partnershipId = parseId(params.partnershipId);
  if (!findPartnership(partnershipId)) notFound();
  const form = await readForm(request);
  const intent = lookup(Object.fromEntries(INTENTS.map((i) => [i, i])) as Record<Intent, Intent>, String(form.get("intent") ?? "")) ?? "save";
  const refuse = (state: FormState, status = 400) => data<PageState>({ ...state, intent }, { status });
  const answer = (result: PartnershipResult, values: FormState["values"], stale: string, done: string) => {
    if (result.kind === "missing") notFound();
    if (result.kind === "stale") return refuse({ values, errors: {}, formError: stale }, 409);
    if (result.kind === "refused") return refuse({ values, errors: result.field ? { [result.field]: result.message } : {}, formError: result.field ? undefined : result.message });
    return redirect(`/settings/partnerships/${partnershipId}?done=${done}`);
  };
  switch (intent) {
    case "save": {
      const parsed = parseForm(form, saveSchema);
      if (!parsed.ok) return refuse(parsed.state);
      const { version: expected, ...input } = parsed.data;
      return answer(updatePartnership(user.userId, partnershipId, expected, input), parsed.values, STALE, "saved");
    }
    case "retire":
    case "restore": {
      const parsed = parseForm(form, retireSchema);
      if (!parsed.ok) return refuse({ values: {}, errors: {}, formError: "Reload the page and try again." });
      return answer(setPartnershipRetired(user.userId, partnershipId, parsed.data.version, intent === "retire"), {}, STALE, intent === "retire" ? "retired" : "restored");
    }
    case "add-priority": {
      const parsed = parseForm(form, addPrioritySchema);
      if (!parsed.ok) return refuse(parsed.state);
      return answer(addPartnershipPriority(user.userId, partnershipId, parsed.data.priority), parsed.values, STALE, "priority-added");
    }
    case "rename-priority": {
      const parsed = parseForm(form, renameSchema);
      if (!parsed.ok) return refuse(parsed.state);
      // Keyed "p<id>": a key of digits alone would make nest() build an array.
      const shown = parsed.data.versions[`p${parsed.data.renameId}`];
      if (!shown || !/^\d{1,10}$/.test(shown)) return refuse({ values: parsed.values, errors: { renameId: "Choose the priority to rename" } });
      return answer(changePartnershipPriority(user.userId, partnershipId, parsed.data.renameId, Number(shown), { name: parsed.data.newName }), parsed.values, STALE_PRIORITY, "priority-renamed");
    }
    case "retire-priority":
    case "restore-priority": {
      const parsed = parseForm(form, priorityStateSchema);
      if (!parsed.ok) return refuse({ values: {}, errors: {}, formError: "Reload the page and try again." });
      const retired = intent === "retire-priority";
      return answer(changePartnershipPriority(user.userId, partnershipId, parsed.data.priorityId, parsed.data.version, { retired }), {}, STALE_PRIORITY, retired ? "priority-retired" : "priority-restored");
    }
  }
}

const BANNERS: Record<string, string> = {
  added: "The partnership has been added.",
  saved: "The partnership's details are saved.",
  retired: "The partnership has been retired. It is offered no allocation in a new round and cannot start a bid.",
  restored: "The partnership is active again.",
  "priority-added": "The priority has been added. The partnership's new bids can choose it.",
  "priority-renamed": "The priority has been renamed.",
  "priority-retired": "The priority has been retired. Bids that chose it keep it.",
  "priority-restored": "The priority is offered on new bids again.",
};

export default function Partnership() {
  const { partnership: p, priorities } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const banner = lookup(BANNERS, params.get("done"));
  const stateFor = (...intents: Intent[]) => (state && intents.includes(state.intent) && Object.keys(state.values).length ? state : undefined);
  const live = priorities.filter((x) => !x.retiredAt);
  return (
    <>
      <Link className="govuk-back-link" to="/settings/partnerships">
        Back to partnerships
      </Link>
      {banner && !state ? <SuccessBanner id="banner-title">{banner}</SuccessBanner> : null}
      <ErrorSummary state={state} order={PARTNERSHIP_FIELD_ORDER} />
      <span className="govuk-caption-l">Partnership</span>
      <h1 className="govuk-heading-l">{p.name}</h1>
      {p.retiredAt ? (
        <div className="govuk-inset-text">
          Retired on {formatDate(p.retiredAt.slice(0, 10))}. It is offered no allocation in a new round and cannot start a bid; its bids and grants stay.
        </div>
      ) : null}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Details</h2>
          <PostForm noValidate key={`details-${p.version}`}>
            <input type="hidden" name="intent" value="save" />
            <input type="hidden" name="version" value={p.version} />
            <FormStateProvider state={stateFor("save")}>
              <PartnershipFields values={p} />
            </FormStateProvider>
            <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
              Save the details
            </button>
          </PostForm>

          <h2 className="govuk-heading-m">Its own priorities</h2>
          <p className="govuk-body">Besides the Police and Crime Plan&apos;s priorities and the statutory duties, the partnership&apos;s bids can say which of these they deliver.</p>
          {priorities.length ? (
            <TableRegion label="Priorities">
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--s">The partnership&apos;s priorities</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Priority</th>
                    <th scope="col" className="govuk-table__header">Offered on new bids</th>
                    <th scope="col" className="govuk-table__header">
                      <span className="govuk-visually-hidden">Action</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {priorities.map((x) => (
                    <tr key={x.id} className="govuk-table__row">
                      <td className="govuk-table__cell">{x.name}</td>
                      <td className="govuk-table__cell">{x.retiredAt ? <strong className="govuk-tag govuk-tag--grey">Retired</strong> : "Yes"}</td>
                      <td className="govuk-table__cell">
                        <PostForm>
                          <input type="hidden" name="priorityId" value={x.id} />
                          <input type="hidden" name="version" value={x.version} />
                          <button type="submit" name="intent" value={x.retiredAt ? "restore-priority" : "retire-priority"} className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                            {x.retiredAt ? "Offer again" : "Retire"}
                            <span className="govuk-visually-hidden"> {x.name}</span>
                          </button>
                        </PostForm>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          ) : (
            <p className="govuk-body">It has no priorities of its own yet.</p>
          )}

          <h3 className="govuk-heading-s">Add a priority</h3>
          <PostForm noValidate key={`add-${priorities.length}`}>
            <input type="hidden" name="intent" value="add-priority" />
            <FormStateProvider state={stateFor("add-priority")}>
              <TextInput name="priority" label="The priority" hint="For example, Rural crime" />
            </FormStateProvider>
            <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button" data-prevent-double-click="true">
              Add the priority
            </button>
          </PostForm>

          {priorities.length ? (
            <>
              <h3 className="govuk-heading-s">Rename a priority</h3>
              <PostForm noValidate key={`rename-${priorities.map((x) => x.version).join("-")}`}>
                <input type="hidden" name="intent" value="rename-priority" />
                {priorities.map((x) => (
                  <input key={x.id} type="hidden" name={`versions.p${x.id}`} value={x.version} />
                ))}
                <FormStateProvider state={stateFor("rename-priority")}>
                  <Select name="renameId" label="The priority" options={[...live, ...priorities.filter((x) => x.retiredAt)].map((x) => ({ value: String(x.id), label: x.retiredAt ? `${x.name} (retired)` : x.name }))} />
                  <TextInput name="newName" label="Its new name" />
                </FormStateProvider>
                <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button" data-prevent-double-click="true">
                  Rename the priority
                </button>
              </PostForm>
            </>
          ) : null}

          <h2 className="govuk-heading-m">{p.retiredAt ? "Bring the partnership back" : "Retire the partnership"}</h2>
          <p className="govuk-body">
            {p.retiredAt
              ? "An active partnership is offered an allocation in new rounds and its leads can start bids."
              : "A retired partnership is offered no allocation in a new round and its leads cannot start a bid. Its bids, grants and returns stay as they are."}
          </p>
          <PostForm>
            <input type="hidden" name="version" value={p.version} />
            <button type="submit" name="intent" value={p.retiredAt ? "restore" : "retire"} className={`govuk-button ${p.retiredAt ? "govuk-button--secondary" : "govuk-button--warning"}`} data-module="govuk-button">
              {p.retiredAt ? "Make the partnership active again" : "Retire the partnership"}
            </button>
          </PostForm>
        </div>
      </div>
    </>
  );
}
