import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { PostForm } from "../components/post-form";
import { notFound, parseId, requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, TextInput, Textarea } from "../components/form-fields";
import { RemoveBox, RowHeading, rowCount } from "../components/repeating-rows";
import { TableRegion } from "../components/table-region";
import { SuccessBanner } from "../components/success-banner";
import { saveStreamRubric, streamRubric } from "../data/rubrics.server";
import { bandsInOrder } from "../domain/rubric-rules";
import { MAX_SCORE, type Rubric } from "../domain/scoring";
import { parseForm, readForm, type FormState } from "../forms/form-state";
import { rubricSchema } from "../forms/rubric";
import { lookup } from "../domain/lookup";

export const handle = { title: (data: { stream: { name: string } } | undefined) => `Scoring rubric${data ? `: ${data.stream.name}` : ""}` };

function load(params: { streamId?: string }) {
  const found = streamRubric(parseId(params.streamId));
  if (!found) notFound();
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  return load(params);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "settings:manage");
  const { stream } = load(params);
  const form = await readForm(request);
  let result: ReturnType<typeof saveStreamRubric>;
  let values: FormState["values"] = {};
  if (form.get("intent") === "reset") {
    result = saveStreamRubric(stream.id, user.userId, String(form.get("version") ?? ""), null);
  } else {
    const parsed = parseForm(form, rubricSchema);
    if (!parsed.ok) return data<FormState>(parsed.state, { status: 400 });
    values = parsed.values;
    result = saveStreamRubric(stream.id, user.userId, parsed.data.version, parsed.data.rubric);
  }
  switch (result.kind) {
    case "saved":
      return redirect(`/settings/rubrics/${stream.id}?done=${form.get("intent") === "reset" ? "reset" : "saved"}`);
    case "stale":
      return data<FormState>({ values, errors: {}, formError: "Someone changed this rubric after you opened this page. Reload the page to see their changes, then make yours again." }, { status: 409 });
    case "locked":
      return data<FormState>({ values, errors: {}, formError: lockedMessage(result.beingScored) }, { status: 409 });
    case "invalid":
      return data<FormState>({ values, errors: Object.fromEntries(result.problems.map((p) => [p.field, p.message])) }, { status: 400 });
  }
}

const lockedMessage = (n: number) =>
  `${n === 1 ? "1 bid" : `${n} bids`} in this stream ${n === 1 ? "is" : "are"} being scored. The rubric cannot change until ${n === 1 ? "it is" : "they are"} decided, so that every reviewer scores a bid against the same rubric.`;

const BANNERS: Record<string, string> = {
  saved: "The rubric has been saved. Bids scored from now on are scored against it.",
  reset: "The stream now uses the default rubric.",
};

export default function StreamRubric() {
  const page = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const banner = lookup(BANNERS, params.get("done"));
  const { rubric } = page;
  // A refused reset carries no rows back: the form then shows the rubric as saved.
  const typed = state && Object.keys(state.values).length ? state : undefined;
  return (
    <>
      <Link className="govuk-back-link" to="/settings">
        Back to settings
      </Link>
      {banner && !state ? <SuccessBanner id="banner-title">{banner}</SuccessBanner> : null}
      <ErrorSummary state={state} order={["gates", "criteria", "bands"]} />
      <span className="govuk-caption-l">{page.custom ? "Set for this stream" : "The default rubric"}</span>
      <h1 className="govuk-heading-l">Scoring rubric: {page.stream.name}</h1>
      <p className="govuk-body">
        Reviewers first answer each gate pass or fail, then score each criterion from 0 to {MAX_SCORE}. A criterion's weight is its share of the total out of 100, so the weights add up
        to 100. The total falls in the highest band whose lowest total it reaches; a failed gate puts the bid in the lowest band.
      </p>
      <p className="govuk-body">A change applies to bids scored from then on. Score sheets already made keep the rubric they were scored against.</p>

      {page.beingScored > 0 ? (
        <>
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              {lockedMessage(page.beingScored)}
            </strong>
          </div>
          <RubricTables rubric={rubric} />
        </>
      ) : (
        <>
          {/* Keyed by the rubric's version, so that the boxes show a newly saved rubric rather than what was typed before. */}
          <PostForm noValidate key={page.version}>
            <input type="hidden" name="version" value={page.version} />
            <FormStateProvider state={typed}>
              <RubricFields rubric={rubric} state={typed} />
            </FormStateProvider>
            <button type="submit" name="intent" value="save" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
              Save the rubric
            </button>
          </PostForm>
          {page.custom ? (
            <PostForm>
              <input type="hidden" name="version" value={page.version} />
              <h2 className="govuk-heading-m">Return to the default rubric</h2>
              <p className="govuk-body">The default has two gates (eligibility, governance), six criteria and three bands: recommend, refer to the PCC, do not recommend.</p>
              <button type="submit" name="intent" value="reset" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                Use the default rubric
              </button>
            </PostForm>
          ) : null}
        </>
      )}
    </>
  );
}

function RubricFields({ rubric, state }: { rubric: Rubric; state: FormState | undefined }) {
  const gates = rowCount(state, "gates", rubric.gates.length);
  const criteria = rowCount(state, "criteria", rubric.criteria.length);
  const bands = bandsInOrder(rubric.bands);
  const bandRows = rowCount(state, "bands", bands.length);
  return (
    <>
      <h2 className="govuk-heading-m">Gates</h2>
      <p className="govuk-body">Pass or fail questions answered before scoring. Leave the new row blank to add none.</p>
      {Array.from({ length: gates }, (_, i) => {
        const gate = rubric.gates[i];
        return (
          <fieldset key={i} className="govuk-fieldset govuk-!-margin-bottom-4">
            <RowHeading label="Gate" index={i} saved={Boolean(gate) || Boolean(state)} name={`gate ${i + 1}`} />
            {gate ? <input type="hidden" name={`gates.${i}.key`} value={gate.key} /> : null}
            <TextInput name={`gates.${i}.label`} label="Question" defaultValue={gate?.label ?? ""} width="full" />
            {gate ? <RemoveBox name={`gates.${i}.remove`} label={`gate ${i + 1}`} /> : null}
          </fieldset>
        );
      })}

      <h2 className="govuk-heading-m">Criteria</h2>
      <p className="govuk-body">Each scored from 0 to {MAX_SCORE}, with a justification. Leave the new row blank to add none.</p>
      {Array.from({ length: criteria }, (_, i) => {
        const c = rubric.criteria[i];
        return (
          <fieldset key={i} className="govuk-fieldset govuk-!-margin-bottom-6">
            <RowHeading label="Criterion" index={i} saved={Boolean(c) || Boolean(state)} name={`criterion ${i + 1}`} />
            {c ? <input type="hidden" name={`criteria.${i}.key`} value={c.key} /> : null}
            <TextInput name={`criteria.${i}.label`} label="Name" defaultValue={c?.label ?? ""} width="full" />
            <TextInput name={`criteria.${i}.weight`} label="Weight" hint="Out of 100" defaultValue={c ? String(c.weight) : ""} width="3" inputMode="numeric" />
            <Textarea
              name={`criteria.${i}.descriptors`}
              label="What each score means"
              hint={`${MAX_SCORE + 1} lines: what a score of 0, 1, 2, 3, 4 and 5 means, in that order`}
              defaultValue={c ? c.descriptors.join("\n") : ""}
              rows={MAX_SCORE + 1}
            />
            {c ? <RemoveBox name={`criteria.${i}.remove`} label={`criterion ${i + 1}`} /> : null}
          </fieldset>
        );
      })}

      <h2 className="govuk-heading-m">Bands</h2>
      <p className="govuk-body">Each band starts at a lowest total out of 100; one band starts at 0. Leave the new row blank to add none.</p>
      {Array.from({ length: bandRows }, (_, i) => {
        const b = bands[i];
        return (
          <fieldset key={i} className="govuk-fieldset govuk-!-margin-bottom-4">
            <RowHeading label="Band" index={i} saved={Boolean(b) || Boolean(state)} name={`band ${i + 1}`} />
            {b ? <input type="hidden" name={`bands.${i}.key`} value={b.key} /> : null}
            <TextInput name={`bands.${i}.label`} label="Name" defaultValue={b?.label ?? ""} width="20" />
            <TextInput name={`bands.${i}.from`} label="Lowest total" hint="0 to 100" defaultValue={b ? String(b.from) : ""} width="3" inputMode="numeric" />
            {b ? <RemoveBox name={`bands.${i}.remove`} label={`band ${i + 1}`} /> : null}
          </fieldset>
        );
      })}
    </>
  );
}

/** The rubric as it stands, when it cannot be changed. */
function RubricTables({ rubric }: { rubric: Rubric }) {
  return (
    <>
      <h2 className="govuk-heading-m">Gates</h2>
      {rubric.gates.length ? (
        <ul className="govuk-list govuk-list--bullet">
          {rubric.gates.map((g) => (
            <li key={g.key}>{g.label}</li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">None.</p>
      )}
      <TableRegion label="Criteria">
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Criteria</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Criterion</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Weight</th>
            <th scope="col" className="govuk-table__header">Scores 0 to {MAX_SCORE}</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rubric.criteria.map((c) => (
            <tr key={c.key} className="govuk-table__row">
              <td className="govuk-table__cell">{c.label}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{c.weight}</td>
              <td className="govuk-table__cell">{c.descriptors.map((d, i) => `${i}: ${d}`).join("; ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableRegion>
      <TableRegion label="Bands">
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Bands</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Band</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Lowest total</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {bandsInOrder(rubric.bands).map((b) => (
            <tr key={b.key} className="govuk-table__row">
              <td className="govuk-table__cell">{b.label}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{b.from}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableRegion>
    </>
  );
}
