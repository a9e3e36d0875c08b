import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { notFound, parseId, refusingClosedYears, requireGrant } from "../auth/access.server";
import { DateInput, ErrorSummary, FormStateProvider, Radios, TextInput, Textarea } from "../components/form-fields";
import { variationAsk, VariationStatusTag } from "../components/grant-variations";
import { PostForm } from "../components/post-form";
import { SuccessBanner } from "../components/success-banner";
import { SummaryRow } from "../components/summary-row";
import { TableRegion } from "../components/table-region";
import { deliverInBackground } from "../data/notifications.server";
import { approveTransfer, transferFromLines, transferTargets } from "../data/transfers.server";
import { decideVariation, findVariation, variationGrant, virementLines, withdrawVariation, type DecideResult } from "../data/variations.server";
import { yearClosure } from "../data/year-lock.server";
import { hasPermission, isOpccStaff } from "../domain/access-rules";
import { formatDate, formatDateTime, toIsoDate } from "../domain/financial-years";
import { lookup } from "../domain/lookup";
import { formatPence } from "../domain/money";
import { approvalReasons } from "../domain/virement-rules";
import { yearClosedMessage } from "../domain/year-lock";
import { changedSinceOpened, parseForm, readForm, type FormState } from "../forms/form-state";
import { DECIDE_FIELD_ORDER, decideSchema, TRANSFER_DECISION_FIELD_ORDER, transferDecisionSchema, withdrawSchema } from "../forms/variations";
import { defaultDecisionMaker } from "../data/opcc-settings.server";

/**
 * /grants/:grantId/variations/:variationId: one virement, time extension or transfer: what was
 * asked and why, its status and decision. An OPCC officer approves or refuses a waiting one with
 * the reason (a transfer is approved as a PCC decision, with the decision's particulars); the
 * partnership's lead may withdraw it while it waits. A variation of another grant is a 404.
 */

export const handle = { title: (d: { variation: { ask: string } } | undefined) => (d ? d.variation.ask : "Variation") };

function load(variationIdParam: string | undefined, grantId: number) {
  const v = findVariation(parseId(variationIdParam));
  if (!v || v.grantId !== grantId) notFound();
  return v;
}

/** A transfer's two lines as they stand: the giving one, and the receiving one on the other grant (if any). */
function transferLines(grantId: number, cspId: number, v: { fromCostLineId: number | null; toCostLineId: number | null; toGrantTitle: string | null }) {
  const from = transferFromLines(grantId).find((l) => l.id === v.fromCostLineId);
  const to = v.toCostLineId === null ? undefined : transferTargets(grantId, cspId).find((t) => t.id === v.toCostLineId);
  return [
    ...(from ? [{ ...from }] : []),
    ...(to ? [{ id: to.id, description: `${to.grantTitle}: ${to.description}`, financialYearId: to.financialYearId, financialYearLabel: to.financialYearLabel, expenditureType: to.expenditureType, approvedPence: to.approvedPence, currentPence: to.approvedPence, spentPence: 0 }] : []),
  ];
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, grant } = await requireGrant(request, params.grantId, "variation:read");
  const v = load(params.variationId, grant.id);
  const g = variationGrant(grant.id)!;
  const closure = yearClosure(v.financialYearId);
  const opcc = isOpccStaff(user);
  const waiting = v.status === "requested" && !closure;
  const lines =
    v.kind === "virement"
      ? virementLines(grant.id).filter((l) => l.id === v.fromCostLineId || l.id === v.toCostLineId)
      : v.kind === "transfer"
        ? transferLines(grant.id, g.cspId, v)
        : [];
  const from = lines.find((l) => l.id === v.fromCostLineId);
  const to = lines.find((l) => l.id === v.toCostLineId);
  return {
    grant: { id: g.id, title: g.title, cspName: g.cspName, endDate: g.endDate },
    variation: {
      id: v.id,
      version: v.version,
      kind: v.kind,
      status: v.status,
      autoApproved: v.autoApproved,
      ask: variationAsk(v, grant.id),
      decisions: [
        ...(v.decisionId ? [{ id: v.decisionId, reference: v.decisionReference!, on: v.fromGrantTitle }] : []),
        ...(v.toDecisionId ? [{ id: v.toDecisionId, reference: v.toDecisionReference!, on: v.toGrantTitle ?? "" }] : []),
      ],
      reason: v.reason,
      requestedByName: v.requestedByName,
      requestedAt: v.requestedAt,
      // The partnership sees the OPCC's decision as the OPCC's, not an officer's.
      decidedByName: v.decidedAt ? (v.autoApproved ? null : opcc ? (v.decidedByName ?? "Someone") : "The OPCC") : null,
      decidedAt: v.decidedAt,
      decisionReason: v.decisionReason,
      withdrawnAt: v.withdrawnAt,
      needsApproval: v.kind === "virement" && from && to && v.status === "requested" ? approvalReasons(from, to, v.amountPence!, g.rules) : [],
    },
    lines: lines.map((l) => ({ id: l.id, description: l.description, year: l.financialYearLabel, type: l.expenditureType, approvedPence: l.approvedPence, currentPence: l.currentPence, spentPence: l.spentPence })),
    closed: closure ? yearClosedMessage(closure) : null,
    canDecide: waiting && hasPermission(user, "variation:decide"),
    decisionDefaults: { today: toIsoDate(new Date()), decisionMaker: defaultDecisionMaker(), leadOfficer: opcc ? user.name : "" },
    canWithdraw: waiting && hasPermission(user, "variation:request"),
  };
}

type Intent = "decide" | "withdraw" | "approve-transfer";
type ActionData = FormState & { intent: Intent };

export const action = refusingClosedYears(async ({ request, params }: ActionFunctionArgs) => {
  const { user, grant } = await requireGrant(request, params.grantId, "variation:read");
  const formData = await readForm(request);
  const asked = formData.get("intent");
  const intent: Intent = asked === "withdraw" ? "withdraw" : asked === "approve-transfer" ? "approve-transfer" : "decide";
  if (!hasPermission(user, intent === "withdraw" ? "variation:request" : "variation:decide")) throw data("You do not have permission to do this", { status: 403 });
  const v = load(params.variationId, grant.id);
  const fail = (state: FormState, status: number) => data<ActionData>({ ...state, intent }, { status });
  const outOfDate = (values: FormState["values"]) => fail({ values, errors: {}, formError: "This page is out of date: reload it and try again." }, 400);

  let result: DecideResult;
  let values: FormState["values"];
  if (intent === "withdraw") {
    const parsed = parseForm(formData, withdrawSchema);
    if (!parsed.ok) return outOfDate(parsed.state.values);
    values = parsed.values;
    result = withdrawVariation(grant.id, v.id, user.userId, parsed.data.version);
  } else if (intent === "approve-transfer") {
    const parsed = parseForm(formData, transferDecisionSchema);
    if (!parsed.ok) {
      const { version, ...errors } = parsed.state.errors;
      if (version) return outOfDate(parsed.state.values);
      return fail({ ...parsed.state, errors }, 400);
    }
    values = parsed.values;
    const { version, ...decision } = parsed.data;
    result = approveTransfer(grant.id, v.id, user.userId, { ...decision, expectedVersion: version });
  } else {
    const parsed = parseForm(formData, decideSchema);
    if (!parsed.ok) {
      const { version, ...errors } = parsed.state.errors;
      if (version) return outOfDate(parsed.state.values);
      return fail({ ...parsed.state, errors }, 400);
    }
    values = parsed.values;
    result = decideVariation(grant.id, v.id, user.userId, { approve: parsed.data.decision === "approve", reason: parsed.data.decisionReason, expectedVersion: parsed.data.version });
  }
  if (result.kind === "saved") {
    deliverInBackground();
    return redirect(`/grants/${grant.id}/variations/${v.id}?done=${result.status}`);
  }
  if (result.kind === "not_found") notFound();
  if (result.kind === "invalid") return fail({ values, errors: result.errors }, 400);
  if (result.kind === "stale") return fail({ values, errors: {}, formError: `${changedSinceOpened("request", result, user)}. Nothing has been saved: check it below, then try again.` }, 409);
  return fail({ values, errors: {}, formError: result.message }, 409);
});

const DONE: Record<string, string> = {
  approved: "The variation is approved. The partnership has been sent an e-mail.",
  refused: "The variation is refused. The partnership has been sent an e-mail.",
  withdrawn: "The request has been withdrawn.",
  requested: "Your request has been sent to the OPCC.",
};

export default function Variation() {
  const { grant, variation: v, lines, closed, canDecide, canWithdraw, decisionDefaults } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const doneKey = params.get("done");
  const done = doneKey === "approved" && v.autoApproved ? "The virement is within the fund's rules, so it was approved automatically. The lines now show it." : lookup(DONE, doneKey);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/grants/${grant.id}#variations`}>
          Back to the grant
        </Link>
        <ErrorSummary state={state} order={state?.intent === "decide" ? DECIDE_FIELD_ORDER : state?.intent === "approve-transfer" ? TRANSFER_DECISION_FIELD_ORDER : undefined} />
        {done && !state ? <SuccessBanner id="done-title">{done}</SuccessBanner> : null}
        <span className="govuk-caption-l">
          {grant.cspName} · {grant.title}
        </span>
        <h1 className="govuk-heading-l">{v.kind === "virement" ? "Virement" : v.kind === "transfer" ? "Transfer to another grant" : "Time extension"}</h1>
        <dl className="govuk-summary-list" id="variation-summary">
          <SummaryRow label="Asked for" value={v.ask} />
          <SummaryRow label="Why" value={v.reason} />
          <SummaryRow label="Asked by" value={`${v.requestedByName} on ${formatDateTime(v.requestedAt)}`} />
          <SummaryRow label="Status" value={<VariationStatusTag status={v.status} autoApproved={v.autoApproved} />} />
          {v.decidedAt ? <SummaryRow label="Decided" value={v.decidedByName ? `${v.decidedByName} on ${formatDateTime(v.decidedAt)}` : formatDateTime(v.decidedAt)} /> : null}
          {v.decisionReason ? <SummaryRow label="Reason for the decision" value={v.decisionReason} /> : null}
          {v.withdrawnAt ? <SummaryRow label="Withdrawn" value={formatDateTime(v.withdrawnAt)} /> : null}
          {v.kind === "extension" ? <SummaryRow label="The grant now ends" value={formatDate(grant.endDate)} /> : null}
          {v.decisions.map((d) => (
            <SummaryRow
              key={d.id}
              label="PCC decision"
              value={
                <>
                  <a className="govuk-link" href={`/decisions/${d.id}.pdf`}>
                    {d.reference}
                  </a>{" "}
                  on {d.on}
                </>
              }
            />
          ))}
        </dl>
        {v.needsApproval.length ? (
          <p className="govuk-body" id="needs-approval">
            This virement needs an OPCC officer&apos;s approval because {v.needsApproval.join(" and ")}.
          </p>
        ) : null}
        {lines.length ? (
          <TableRegion label="The lines">
            <table className="govuk-table" id="variation-lines">
              <caption className="govuk-table__caption govuk-table__caption--s">The lines as they stand</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Line</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Approved</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Current</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Spent</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {lines.map((l) => (
                  <tr className="govuk-table__row" key={l.id}>
                    <th scope="row" className="govuk-table__header">
                      {l.description} <span className="govuk-body-s">({l.year}, {l.type})</span>
                    </th>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(l.approvedPence)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(l.currentPence)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(l.spentPence)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        ) : null}
        {closed ? (
          <div className="govuk-inset-text" id="year-closed">
            {closed}
          </div>
        ) : null}
        {canDecide && v.kind === "transfer" ? (
          <TransferDecisionForms version={v.version} defaults={decisionDefaults} state={state ?? undefined} />
        ) : null}
        {canDecide && v.kind !== "transfer" ? (
          <>
            <h2 className="govuk-heading-m" id="decide">
              Decide
            </h2>
            <PostForm noValidate>
              <input type="hidden" name="intent" value="decide" />
              <input type="hidden" name="version" value={v.version} />
              <FormStateProvider state={state?.intent === "decide" ? state : undefined}>
                <Radios
                  name="decision"
                  legend="Do you approve it?"
                  options={[
                    { value: "approve", label: "Approve" },
                    { value: "refuse", label: "Refuse" },
                  ]}
                />
                <Textarea name="decisionReason" label="Reason for the decision" hint="The partnership is sent this." rows={4} />
              </FormStateProvider>
              <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
                Save the decision
              </button>
            </PostForm>
          </>
        ) : null}
        {canWithdraw ? (
          <PostForm noValidate>
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="version" value={v.version} />
            <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
              Withdraw the request
            </button>
          </PostForm>
        ) : null}
      </div>
    </div>
  );
}

/**
 * Deciding a transfer: approving it records the PCC decisions that correct each grant, so it asks
 * what a decision needs; refusing it needs only the reason. Two forms, so each works without
 * JavaScript.
 */
function TransferDecisionForms({ version, defaults, state }: { version: number; defaults: { today: string; decisionMaker: string; leadOfficer: string }; state: (FormState & { intent: Intent }) | undefined }) {
  return (
    <>
      <h2 className="govuk-heading-m" id="decide">
        Approve it as a PCC decision
      </h2>
      <p className="govuk-body">Each grant&apos;s decision is corrected with a new reference: the amounts move, everything else the decision says stays as it was.</p>
      <PostForm noValidate>
        <input type="hidden" name="intent" value="approve-transfer" />
        <input type="hidden" name="version" value={version} />
        <FormStateProvider state={state?.intent === "approve-transfer" ? state : undefined}>
          <Textarea name="decisionReason" label="Reasons for the decision" hint="Printed on the decision records and sent to the partnership." rows={4} />
          <DateInput name="decidedOn" legend="Date of the decision" defaultValue={defaults.today} />
          <TextInput name="decisionMaker" label="Decision maker" defaultValue={defaults.decisionMaker} width="full" />
          <TextInput name="leadOfficer" label="Lead officer" defaultValue={defaults.leadOfficer} width="full" />
          <Textarea name="declarationOfInterests" label="Declaration of interests" hint="Write None if there are none." defaultValue="None" rows={2} />
          <Radios
            name="publishable"
            legend="May the decision be published?"
            inline
            defaultValue="yes"
            options={[
              { value: "yes", label: "Yes" },
              { value: "no", label: "No" },
            ]}
          />
          <TextInput name="foiExemption" label="If not, the FOI exemption that withholds it" hint="For example, section 31 (law enforcement)" width="full" />
        </FormStateProvider>
        <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
          Record the decision and approve
        </button>
      </PostForm>
      <h2 className="govuk-heading-m" id="refuse">
        Or refuse it
      </h2>
      <PostForm noValidate>
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="decision" value="refuse" />
        <FormStateProvider state={state?.intent === "decide" ? state : undefined}>
          <Textarea name="decisionReason" label="Reason for refusing" hint="The partnership is sent this." rows={4} />
        </FormStateProvider>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button" data-prevent-double-click="true">
          Refuse the transfer
        </button>
      </PostForm>
    </>
  );
}
