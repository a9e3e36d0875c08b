import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { PostForm } from "../components/post-form";
import { notFound, parseId, requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, TextInput } from "../components/form-fields";
import { SuccessBanner } from "../components/success-banner";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { formulaFor, roundOverview, saveAllocations, saveFormula, type AllocationSaveResult, type BelowApproved } from "../data/rounds.server";
import { allocationsLockedMessage } from "../domain/round-window";
import { hasPermission } from "../domain/access-rules";
import { FormulaError, applyFormula, type FormulaLine } from "../domain/allocation-formula";
import { formatPence, penceToInput } from "../domain/money";
import { changedSinceOpened, parseForm, readForm, type FormState } from "../forms/form-state";
import { allocationsSchema, formulaSchema } from "../forms/rounds";
import { versionField } from "../forms/fields";
import { z } from "zod";
import { lookup } from "../domain/lookup";

export const handle = { title: (data: { overview: { round: { name: string } } } | undefined) => `Allocations${data ? `: ${data.overview.round.name}` : ""}` };

/** What the saved formula gives each CSP, or why it cannot be applied. */
function formulaResult(overview: NonNullable<ReturnType<typeof roundOverview>>, formula: ReturnType<typeof formulaFor>) {
  const { round, rows } = overview;
  if (formula.indicators.length === 0) return { lines: null, error: "No indicators yet: add them below.", potPounds: 0 };
  const potPounds = Math.floor((round.totalPotPence - round.centralFundPence) / 100);
  try {
    const lines = applyFormula({
      potPounds,
      capPounds: round.maxPerCspPence === null ? null : Math.floor(round.maxPerCspPence / 100),
      indicators: formula.indicators.map((i) => ({ key: i.key, label: i.label, weight: i.weight })),
      csps: rows.map((r) => ({
        id: r.cspId,
        name: r.cspName,
        values: Object.fromEntries(formula.indicators.map((i) => [i.key, formula.values.find((v) => v.indicatorId === i.id && v.cspId === r.cspId)?.value ?? Number.NaN])),
      })),
    });
    return { lines, error: null, potPounds };
  } catch (error) {
    if (error instanceof FormulaError) return { lines: null, error: error.message, potPounds };
    throw error;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "round:read");
  const overview = roundOverview(parseId(params.roundId));
  if (!overview) notFound();
  const formula = formulaFor(overview.round.id);
  return {
    overview,
    formula,
    result: formulaResult(overview, formula),
    canManage: hasPermission(user, "round:manage"),
    // Once the round has closed its allocations are a record, shown read-only with why.
    locked: allocationsLockedMessage(overview.round, new Date()),
  };
}

type Intent = "formula" | "apply" | "typed";
type ActionData = FormState & { intent: Intent };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "round:manage");
  const overview = roundOverview(parseId(params.roundId));
  if (!overview) notFound();
  const roundId = overview.round.id;
  const formData = await readForm(request);
  const intentValue = formData.get("intent");
  const intent: Intent = intentValue === "apply" ? "apply" : intentValue === "typed" ? "typed" : "formula";
  const cspIds = new Set(overview.rows.map((r) => r.cspId));
  const refuse = (state: FormState, status = 400) => data<ActionData>({ ...state, intent }, { status });
  // The data layer refuses this too, in the write's transaction; asked first here so a closed round's form says so before anything else.
  const locked = allocationsLockedMessage(overview.round, new Date());
  if (locked) return refuse({ values: {}, errors: {}, formError: `${locked} ${REOPEN_TO_CHANGE}` }, 409);
  let result: AllocationSaveResult;

  if (intent === "formula") {
    const parsed = parseForm(formData, formulaSchema);
    if (!parsed.ok) return refuse(parsed.state);
    if (parsed.data.indicators.some((i) => Object.keys(i.values).some((id) => !cspIds.has(Number(id))))) {
      return refuse({ values: parsed.values, errors: {}, formError: "The form names a partnership that does not exist: reload the page." });
    }
    result = saveFormula(
      roundId,
      parsed.data.version,
      {
        indicators: parsed.data.indicators.map(({ key, label, weight }) => ({ key, label, weight })),
        values: Object.fromEntries(parsed.data.indicators.map((i) => [i.key, i.values])),
      },
      user.userId,
    );
  } else if (intent === "apply") {
    const parsed = parseForm(formData, z.object({ version: versionField }));
    if (!parsed.ok) return refuse(parsed.state);
    const computed = formulaResult(overview, formulaFor(roundId));
    if (!computed.lines) return refuse({ values: {}, errors: {}, formError: `The formula cannot be applied: ${computed.error}` });
    result = saveAllocations(roundId, parsed.data.version, Object.fromEntries(computed.lines.map((l) => [l.id, l.pounds * 100])), user.userId, "formula");
  } else {
    const parsed = parseForm(formData, allocationsSchema);
    if (!parsed.ok) return refuse(parsed.state);
    const amounts = Object.fromEntries(
      Object.entries(parsed.data.allocation)
        .filter(([, pence]) => pence !== null)
        .map(([key, pence]) => [Number(key.slice(3)), pence as number]),
    );
    if (Object.keys(amounts).some((id) => !cspIds.has(Number(id)))) return refuse({ values: parsed.values, errors: {}, formError: "The form names a partnership that does not exist: reload the page." });
    const limit = overview.round.maxPerCspPence;
    if (limit !== null) {
      const over = overview.rows.filter((r) => (amounts[r.cspId] ?? 0) > limit);
      if (over.length) {
        return refuse({
          values: parsed.values,
          errors: Object.fromEntries(over.map((r) => [`allocation.csp${r.cspId}`, `${r.cspName}'s allocation must be ${formatPence(limit)} or less, the round's limit per partnership`])),
        });
      }
    }
    const total = Object.values(amounts).reduce((n, p) => n + p, 0);
    const available = overview.round.totalPotPence - overview.round.centralFundPence;
    if (total > available) {
      return refuse({ values: parsed.values, errors: {}, formError: `The allocations add up to ${formatPence(total)}, more than the ${formatPence(available)} the pot leaves after the central fund.` });
    }
    result = saveAllocations(roundId, parsed.data.version, amounts, user.userId, "typed");
    // Below what the PCC has approved: at each partnership's box, with what was typed kept.
    if (result.kind === "below_approved") {
      return refuse({
        values: parsed.values,
        errors: Object.fromEntries(result.partnerships.map((p) => [`allocation.csp${p.cspId}`, `${p.cspName}'s allocation cannot be less than the ${formatPence(p.approvedPence)} the PCC has already approved for it in this round`])),
      });
    }
  }
  if (result.kind === "stale") {
    return refuse({ values: {}, errors: {}, formError: `${changedSinceOpened("round", result, user)}. Your changes have not been saved: reload the page and make them again.` }, 409);
  }
  if (result.kind === "closed") return refuse({ values: {}, errors: {}, formError: `${result.message} ${REOPEN_TO_CHANGE}` }, 409);
  // By the formula: the whole change is refused, naming each partnership it would take below its approvals.
  if (result.kind === "below_approved") return refuse({ values: {}, errors: {}, formError: formulaBelowApproved(result.partnerships) }, 409);
  return redirect(`/rounds/${roundId}/allocations?done=${intent}`);
}

const REOPEN_TO_CHANGE = "To change them, reopen the round.";

function formulaBelowApproved(partnerships: BelowApproved[]): string {
  const each = partnerships.map((p) => `${p.cspName} (${formatPence(p.amountPence)} by the formula; ${formatPence(p.approvedPence)} approved)`);
  const list = each.length === 1 ? each[0] : `${each.slice(0, -1).join(", ")} and ${each.at(-1)}`;
  return `The allocations have not been changed: the formula would give less than the PCC has already approved in this round to ${list}.`;
}

const DONE: Record<string, string> = {
  formula: "The formula has been saved. Apply it to set the allocations.",
  apply: "The allocations have been set by the formula.",
  typed: "The allocations have been saved.",
};

/** Pounds of the pot the formula leaves unallocated (only when every partnership is at the limit). */
const formulaShortfall = (result: { lines: FormulaLine[] | null; potPounds: number }) =>
  result.lines ? result.potPounds - result.lines.reduce((n, l) => n + l.pounds, 0) : 0;

const percent = (share: number) => `${(share * 100).toFixed(2)}%`;

export default function Allocations() {
  const { overview, formula, result, canManage, locked } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = lookup(DONE, params.get("done"));
  const { round, rows } = overview;
  const byCsp = new Map<number, FormulaLine>((result.lines ?? []).map((l) => [l.id, l]));
  const columns = [...formula.indicators, null]; // a blank column to add an indicator
  return (
    <>
      <Link className="govuk-back-link" to={`/rounds/${round.id}`}>
        Back to the round
      </Link>
      <ErrorSummary state={state} />
      {done && !state ? <SuccessBanner id="done-title">{done}</SuccessBanner> : null}
      <span className="govuk-caption-l">{round.name}</span>
      <h1 className="govuk-heading-l">Allocations</h1>
      <p className="govuk-body">
        Pot {formatPence(round.totalPotPence)}, less a central fund of {formatPence(round.centralFundPence)}, leaves <strong>{formatPence(round.totalPotPence - round.centralFundPence)}</strong> for the
        partnerships. The formula shares it out in whole pounds, largest remainders first, so the allocations add up exactly.
      </p>
      {locked ? (
        <div className="govuk-inset-text" id="allocations-locked">
          {locked}
          {canManage ? ` ${REOPEN_TO_CHANGE}` : null}
        </div>
      ) : null}

      <TableRegion label="The formula's working">
      <table className="govuk-table" id="formula-working">
        <caption className="govuk-table__caption govuk-table__caption--m">The formula's working</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Partnership</th>
            {formula.indicators.map((i) => (
              <th key={i.id} scope="col" className="govuk-table__header govuk-table__header--numeric">
                {i.label}
                <SecondaryLine>weight {i.weight}</SecondaryLine>
              </th>
            ))}
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Share</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">By formula</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Allocation now</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Last year</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Change</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((r) => {
            const line = byCsp.get(r.cspId);
            const change = r.allocationPence !== null && r.previousAllocationPence !== null ? r.allocationPence - r.previousAllocationPence : null;
            return (
              <tr key={r.cspId} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">{r.cspName}</th>
                {formula.indicators.map((i) => (
                  <td key={i.id} className="govuk-table__cell govuk-table__cell--numeric">
                    {formula.values.find((v) => v.indicatorId === i.id && v.cspId === r.cspId)?.value.toLocaleString("en-GB") ?? "Missing"}
                  </td>
                ))}
                <td className="govuk-table__cell govuk-table__cell--numeric">{line ? percent(line.share) : ""}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {line ? formatPence(line.pounds * 100) : ""}
                  {line?.capped ? <SecondaryLine>at the limit</SecondaryLine> : null}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{r.allocationPence === null ? "None" : formatPence(r.allocationPence)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{r.previousAllocationPence === null ? "None" : formatPence(r.previousAllocationPence)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{change === null ? "" : `${change >= 0 ? "+" : ""}${formatPence(change)}`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      </TableRegion>
      {result.error ? <p className="govuk-body govuk-!-font-weight-bold">{result.error}</p> : null}
      {result.lines && round.maxPerCspPence !== null && result.lines.some((l) => l.capped) ? (
        <div className="govuk-inset-text" id="formula-limit">
          {result.lines
            .filter((l) => l.capped)
            .map((l) => l.name)
            .join(", ")}{" "}
          {result.lines.filter((l) => l.capped).length === 1 ? "is" : "are"} held at the round's limit of {formatPence(round.maxPerCspPence)} a partnership; what the formula would give above it is
          shared among the others by their shares.
          {formulaShortfall(result) > 0 ? ` Every partnership is at the limit, so ${formatPence(formulaShortfall(result) * 100)} of the pot is left unallocated.` : null}
        </div>
      ) : null}

      {canManage && !locked ? (
        <>
          {result.lines ? (
            <PostForm noValidate className="govuk-!-margin-bottom-8">
              <input type="hidden" name="intent" value="apply" />
              <input type="hidden" name="version" value={round.version} />
              <button type="submit" className="govuk-button" data-module="govuk-button">
                Set the allocations by the formula
              </button>
            </PostForm>
          ) : null}

          <h2 className="govuk-heading-m">Indicators and weights</h2>
          <p className="govuk-body">
            For example population, recorded crime and a deprivation score, weighted 50, 25 and 25. Weights need not add up to 100. Leave the last column blank unless you are adding an
            indicator; clear a column to remove it.
          </p>
          <PostForm noValidate className="govuk-!-margin-bottom-8">
            <input type="hidden" name="intent" value="formula" />
            <input type="hidden" name="version" value={round.version} />
            <FormStateProvider state={state?.intent === "formula" ? state : undefined}>
              <div className="govuk-grid-row">
                {columns.map((indicator, index) => (
                  <fieldset key={indicator?.id ?? "new"} className="govuk-fieldset govuk-grid-column-one-third govuk-!-margin-bottom-6">
                    <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{indicator ? `Indicator ${index + 1}` : "New indicator"}</legend>
                    <TextInput name={`indicators.${index}.label`} label="Name" defaultValue={indicator?.label ?? ""} width="full" />
                    <TextInput name={`indicators.${index}.weight`} label="Weight" defaultValue={indicator ? String(indicator.weight) : ""} width="5" inputMode="decimal" />
                    {rows.map((r) => (
                      <TextInput
                        key={r.cspId}
                        name={`indicators.${index}.csp${r.cspId}`}
                        label={r.cspName}
                        width="10"
                        inputMode="decimal"
                        defaultValue={indicator ? String(formula.values.find((v) => v.indicatorId === indicator.id && v.cspId === r.cspId)?.value ?? "") : ""}
                      />
                    ))}
                  </fieldset>
                ))}
              </div>
            </FormStateProvider>
            <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
              Save the formula
            </button>
          </PostForm>

          <h2 className="govuk-heading-m">Or type the allocations in</h2>
          <PostForm noValidate>
            <input type="hidden" name="intent" value="typed" />
            <input type="hidden" name="version" value={round.version} />
            <FormStateProvider state={state?.intent === "typed" ? state : undefined}>
              {rows.map((r) => (
                <TextInput key={r.cspId} name={`allocation.csp${r.cspId}`} label={r.cspName} prefix="£" width="10" inputMode="decimal" defaultValue={r.allocationPence === null ? "" : penceToInput(r.allocationPence)} />
              ))}
            </FormStateProvider>
            <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
              Save the allocations
            </button>
          </PostForm>
        </>
      ) : null}
    </>
  );
}
