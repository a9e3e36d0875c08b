import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { PostForm } from "../components/post-form";
import { notFound, requireBid } from "../auth/access.server";
import { DateInput, ErrorSummary, FormStateProvider, Radios, Select, TextInput, Textarea, Checkboxes } from "../components/form-fields";
import { RemoveBox, RowHeading, rowCount } from "../components/repeating-rows";
import { SuccessBanner } from "../components/success-banner";
import { StatusTag } from "../components/status-tag";
import { getBidDetail, getBidWithSectionFingerprint, saveBidSection, type BidDetail, type SectionInput } from "../data/bids.server";
import { bidForForms } from "../data/bid-page.server";
import { listFinancialYears, prioritiesForCsp } from "../data/reference.server";
import { BID_SECTIONS, isBidSectionKey, sectionTitle, type BidSectionKey } from "../domain/bid-completeness";
import { STATUS_LABELS, isEditable } from "../domain/bid-lifecycle";
import { financialYearStartYear, quarterLabel } from "../domain/financial-years";
import { formatPence, lineTotalPence, penceToInput, quantityToInput, unitPriceToInput } from "../domain/money";
import { PRIORITY_KIND_LABELS, type PriorityKind } from "../domain/priorities";
import { IMPACTS, LIKELIHOODS, RISK_BAND_LABELS, riskBand, riskScore } from "../domain/risk";
import { FIELD_ORDER, ROW_LABELS, SECTION_SCHEMAS } from "../forms/bid-sections";
import { formIndexOf, rowMessage } from "../forms/fields";
import { changedSinceOpened, parseForm, type FormState, readForm } from "../forms/form-state";
import type { ZodTypeAny } from "zod";

/** The bid as the form pages get it: what the fields fill in, nothing only the server needs. */
type FormBid = ReturnType<typeof bidForForms>;

export const handle = {
  title: (data: { section: BidSectionKey; bid: { title: string } } | undefined) =>
    data ? `${sectionTitle(data.section)}: ${data.bid.title}` : "Edit bid",
};

function sectionFrom(param: string | undefined): BidSectionKey {
  if (!param || !isBidSectionKey(param)) notFound();
  return param;
}

/** Financial years a cost line or milestone may fall in: the round's, and the next when the fund spans years. */
function yearChoices(bid: BidDetail) {
  const first = financialYearStartYear(bid.rules.financialYearStartsOn);
  const last = first + (bid.rules.maySpanYears ? Math.ceil(bid.rules.maxDurationMonths / 12) : 0);
  return listFinancialYears()
    .filter((y) => {
      const start = financialYearStartYear(y.startsOn);
      return start >= first && start <= last;
    })
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn));
}

function options(bid: BidDetail, section: BidSectionKey) {
  if (section === "priorities") return { priorities: prioritiesForCsp(bid.cspId, bid.priorities.map((p) => p.id)), years: [] };
  if (section === "costs" || section === "details") return { priorities: [], years: yearChoices(bid).map((y) => ({ id: y.id, label: y.label })) };
  return { priorities: [], years: [] };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { bid: header } = await requireBid(request, params.bidId, "bid:edit");
  const section = sectionFrom(params.section);
  if (!isEditable(header.status)) throw redirect(`/bids/${header.id}`);
  // One read, so the fingerprint the form carries is of exactly the section it shows.
  const { bid, fingerprint } = getBidWithSectionFingerprint(header.id, section)!;
  return { bid: bidForForms(bid), section, fingerprint, ...options(bid, section), saved: new URL(request.url).searchParams.get("saved") === "1" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, bid: header } = await requireBid(request, params.bidId, "bid:edit");
  const section = sectionFrom(params.section);
  const formData = await readForm(request);
  const intent = formData.get("intent") === "add" ? "add" : "continue";
  const parsed = parseForm(formData, SECTION_SCHEMAS[section] as ZodTypeAny);
  if (!isEditable(header.status)) {
    const values = parsed.ok ? parsed.values : parsed.state.values;
    return data({ values, errors: {}, formError: `This bid is ${STATUS_LABELS[header.status].toLowerCase()} and can no longer be changed.` } satisfies FormState, { status: 409 });
  }
  if (!parsed.ok) return data(parsed.state, { status: 400 });

  const bid = getBidDetail(header.id)!;
  const refused = referenceErrors(bid, section, parsed.data);
  if (refused) return data({ values: parsed.values, errors: refused } satisfies FormState, { status: 400 });

  const { version, fingerprint, ...value } = parsed.data as { version: number; fingerprint?: string } & Record<string, unknown>;
  const input = toSectionInput(section, value);
  const result = saveBidSection(header, user.userId, { version, fingerprint }, input);
  if (result.kind === "stale") {
    return data(
      {
        values: parsed.values,
        errors: {},
        formError: `${changedSinceOpened(result.scope === "section" ? "section" : "bid", result, user)}. Your changes have not been saved. They are shown below so that you can copy them: reload the page to see the latest version, then make your changes again.`,
      } satisfies FormState,
      { status: 409 },
    );
  }
  if (result.kind === "not-editable") {
    return data({ values: parsed.values, errors: {}, formError: `This bid is ${STATUS_LABELS[result.status].toLowerCase()} and can no longer be changed.` } satisfies FormState, { status: 409 });
  }
  if (intent === "add") return redirect(`/bids/${header.id}/edit/${section}?saved=1#add`);
  const next = BID_SECTIONS[BID_SECTIONS.findIndex((s) => s.key === section) + 1];
  return redirect(next ? `/bids/${header.id}/edit/${next.key}` : `/bids/${header.id}/submit`);
}

/** Ids typed into the form must be ones the page offered. */
function referenceErrors(bid: BidDetail, section: BidSectionKey, value: unknown): Record<string, string> | null {
  const errors: Record<string, string> = {};
  if (section === "priorities") {
    const allowed = new Set(prioritiesForCsp(bid.cspId, bid.priorities.map((p) => p.id)).map((p) => p.id));
    const ids = (value as { priorities: number[] }).priorities;
    if (ids.some((id) => !allowed.has(id))) errors.priorities = "Choose priorities from the list";
  }
  if (section === "costs" || section === "details") {
    const allowed = new Set(yearChoices(bid).map((y) => y.id));
    if (section === "costs") {
      (value as { costs: { financialYearId: number }[] }).costs.forEach((line, n) => {
        const i = formIndexOf(line, n);
        if (!allowed.has(line.financialYearId)) errors[`costs.${i}.financialYearId`] = rowMessage(ROW_LABELS.costs, i, "Choose a financial year from the list");
      });
    } else {
      (value as { milestones: { financialYearId: number }[] }).milestones.forEach((m, n) => {
        const i = formIndexOf(m, n);
        if (!allowed.has(m.financialYearId)) errors[`milestones.${i}.when`] = rowMessage(ROW_LABELS.milestones, i, "Choose a quarter from the list");
      });
    }
  }
  return Object.keys(errors).length ? errors : null;
}

function toSectionInput(section: BidSectionKey, value: Record<string, unknown>): SectionInput {
  switch (section) {
    case "priorities":
      return { section, value: { priorityIds: value.priorities as number[] } };
    case "costs":
      return {
        section,
        value: (value.costs as { description: string; quantity: number; unitPrice: number; expenditureType: "capital" | "revenue"; recurrence: "one_off" | "recurring"; financialYearId: number }[]).map((c) => ({
          description: c.description,
          quantityHundredths: c.quantity,
          unitPriceTenThousandths: c.unitPrice,
          expenditureType: c.expenditureType,
          recurrence: c.recurrence,
          financialYearId: c.financialYearId,
        })),
      };
    case "match-funding":
      return { section, value: (value.match as { source: string; kind: "cash" | "in_kind"; amount: number }[]).map((m) => ({ source: m.source, kind: m.kind, amountPence: m.amount })) };
    case "outcomes":
      return { section, value: value.outcomes as Extract<SectionInput, { section: "outcomes" }>["value"] };
    case "risks":
      return { section, value: value.risks as Extract<SectionInput, { section: "risks" }>["value"] };
    case "details":
      return { section, value: value as unknown as Extract<SectionInput, { section: "details" }>["value"] };
    case "data-protection":
      return { section, value: value as unknown as Extract<SectionInput, { section: "data-protection" }>["value"] };
  }
}

export default function EditSection() {
  const { bid, section, fingerprint, priorities, years, saved } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const index = BID_SECTIONS.findIndex((s) => s.key === section);
  const repeating = section === "costs" || section === "match-funding" || section === "outcomes" || section === "risks";
  return (
    <>
      <Link className="govuk-back-link" to={`/bids/${bid.id}`}>
        Back to the bid
      </Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-full">
          <ErrorSummary state={state} order={FIELD_ORDER[section]} />
          {saved && !state ? (
            <SuccessBanner id="saved-title">{`${sectionTitle(section)} saved.`}</SuccessBanner>
          ) : null}
          <span className="govuk-caption-l">
            {bid.title} <StatusTag status={bid.status} />
          </span>
          <h1 className="govuk-heading-l">{sectionTitle(section)}</h1>
          <p className="govuk-body govuk-hint">
            Section {index + 1} of {BID_SECTIONS.length}. Each section saves on its own; you can come back to any of them before you submit.
          </p>
          <PostForm noValidate>
            {/* What the user started from: a save is refused, again and again until they reload, once
                someone else has changed this section since (decision record 16). */}
            <input type="hidden" name="version" value={typeof state?.values.version === "string" ? state.values.version : bid.version} />
            <input type="hidden" name="fingerprint" value={typeof state?.values.fingerprint === "string" ? state.values.fingerprint : fingerprint} />
            <FormStateProvider state={state}>
              {/* Fields only take their starting values when first drawn. With JavaScript on, a save
                  re-renders this same page, so without a new key each box would keep what was typed
                  ("£0.1535", a removed row's values) rather than show what was saved. */}
              <Fragment key={fieldsKey(bid.version, state)}>
                {section === "details" ? <DetailsFields bid={bid} years={years} state={state} /> : null}
                {section === "priorities" ? <PriorityFields bid={bid} priorities={priorities} /> : null}
                {section === "costs" ? <CostFields bid={bid} years={years} state={state} /> : null}
                {section === "match-funding" ? <MatchFields bid={bid} state={state} /> : null}
                {section === "outcomes" ? <OutcomeFields bid={bid} state={state} /> : null}
                {section === "risks" ? <RiskFields bid={bid} state={state} /> : null}
                {section === "data-protection" ? <DataProtectionFields bid={bid} /> : null}
              </Fragment>
            </FormStateProvider>
            <div className="govuk-button-group">
              <button type="submit" name="intent" value="continue" className="govuk-button" data-module="govuk-button">
                Save and continue
              </button>
              {repeating || section === "details" ? (
                <button type="submit" name="intent" value="add" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                  Save and add another {section === "details" ? "milestone" : "row"}
                </button>
              ) : null}
              <Link className="govuk-link" to={`/bids/${bid.id}`}>
                Cancel
              </Link>
            </div>
          </PostForm>
        </div>
      </div>
    </>
  );
}

/** Changes whenever what the fields should start from changes: a new saved version, or a refusal's values. */
function fieldsKey(version: number, state: FormState | undefined) {
  if (!state) return `v${version}`;
  let hash = 5381;
  for (const ch of JSON.stringify(state.values) + (state.formError ?? "")) hash = ((hash * 33) ^ ch.charCodeAt(0)) >>> 0;
  return `v${version}-${hash.toString(36)}`;
}

function DetailsFields({ bid, years, state }: { bid: FormBid; years: { id: number; label: string }[]; state: FormState | undefined }) {
  const quarters = years.flatMap((y) => [1, 2, 3, 4].map((q) => ({ value: `${y.id}-${q}`, label: quarterLabel(y.label, q) })));
  const count = rowCount(state, "milestones", bid.milestones.length);
  return (
    <>
      <TextInput name="title" label="Project title" defaultValue={bid.title} labelClass="govuk-label--s" />
      <Textarea name="summary" label="Summary" hint="One or two sentences the OPCC can publish." defaultValue={bid.summary} rows={3} labelClass="govuk-label--s" />
      <Textarea name="need" label="The problem and the evidence of need" hint="What is happening, where, and how you know: crime and ASB figures, consultation, partner reports." defaultValue={bid.need} labelClass="govuk-label--s" />
      <Textarea name="activities" label="What will be done" defaultValue={bid.activities} labelClass="govuk-label--s" />
      <Textarea name="deliveryPartners" label="Delivery partners" hint="Who will deliver the work with you." defaultValue={bid.deliveryPartners} rows={2} labelClass="govuk-label--s" />
      <Textarea name="locations" label="Where" hint="Sites, streets or wards." defaultValue={bid.locations} rows={2} labelClass="govuk-label--s" />
      <DateInput name="startDate" legend="Start date" hint="For example, 1 10 2023" defaultValue={bid.startDate} />
      <DateInput
        name="endDate"
        legend="End date"
        hint={bid.rules.maySpanYears ? `This fund allows up to ${bid.rules.maxDurationMonths} months, across financial years.` : `The project must end within the financial year ${bid.financialYearLabel}.`}
        defaultValue={bid.endDate}
      />
      <h2 className="govuk-heading-m" id="milestones">
        Milestones by quarter
      </h2>
      <p className="govuk-body">What will be done by the end of each quarter. Leave a row blank to skip it.</p>
      {Array.from({ length: count }, (_, i) => {
        const m = bid.milestones[i];
        const existing = i < bid.milestones.length;
        return (
          <fieldset key={i} className="govuk-fieldset govuk-!-margin-bottom-4" id={i === count - 1 ? "add" : undefined}>
            <RowHeading label={ROW_LABELS.milestones} index={i} saved={existing || !!state} name={`milestone ${i + 1}`} />
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-one-third">
                <Select name={`milestones.${i}.when`} label="Quarter" options={[{ value: "", label: "Choose a quarter" }, ...quarters]} defaultValue={m ? `${m.financialYearId}-${m.quarter}` : ""} />
              </div>
              <div className="govuk-grid-column-two-thirds">
                <TextInput name={`milestones.${i}.description`} label="What will be done by then" defaultValue={m?.description ?? ""} width="full" />
              </div>
            </div>
            {existing ? <RemoveBox name={`milestones.${i}.remove`} label={`milestone ${i + 1}`} state={state} /> : null}
          </fieldset>
        );
      })}
    </>
  );
}

function PriorityFields({ bid, priorities }: { bid: FormBid; priorities: { id: number; name: string; kind: PriorityKind }[] }) {
  const kinds: PriorityKind[] = ["police_and_crime_plan", "csp", "statutory"];
  return (
    <Checkboxes
      name="priorities"
      legend="Which priorities will this project deliver?"
      hint="Select all that apply. You must select at least one Police and Crime Plan priority before you submit."
      defaultValues={bid.priorities.map((p) => String(p.id))}
      groups={kinds
        .map((kind) => ({
          heading: kind === "csp" ? `${bid.cspName} priorities` : PRIORITY_KIND_LABELS[kind],
          options: priorities.filter((p) => p.kind === kind).map((p) => ({ value: String(p.id), label: p.name })),
        }))
        .filter((g) => g.options.length > 0)}
    />
  );
}

function CostFields({ bid, years, state }: { bid: FormBid; years: { id: number; label: string }[]; state: FormState | undefined }) {
  const count = rowCount(state, "costs", bid.costLines.length);
  const yearOptions = years.map((y) => ({ value: String(y.id), label: y.label }));
  const defaultYear = String(years[0]?.id ?? "");
  return (
    <>
      <p className="govuk-body">
        Each line is a quantity times a unit price. Unit prices may have up to four decimal places (10,000 drink covers for £1,535 is £0.1535 each). Totals are
        worked out for you, rounded to the penny.
      </p>
      <p className="govuk-body" id="costs-total">
        Saved total cost: <strong>{formatPence(bid.totalCostPence)}</strong>. Requested from the OPCC after match funding: <strong>{formatPence(bid.requestedPence)}</strong>.
      </p>
      {Array.from({ length: count }, (_, i) => {
        const line = bid.costLines[i];
        const existing = i < bid.costLines.length;
        return (
          <fieldset key={i} className="govuk-fieldset govuk-!-margin-bottom-6" id={i === count - 1 ? "add" : undefined}>
            <RowHeading label={ROW_LABELS.costs} index={i} saved={existing || !!state} name={`cost line ${i + 1}`} />
            <TextInput name={`costs.${i}.description`} label="Description" defaultValue={line?.description ?? ""} width="full" />
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-one-quarter">
                <TextInput name={`costs.${i}.quantity`} label="Quantity" inputMode="decimal" width="10" defaultValue={line ? quantityToInput(line.quantityHundredths) : ""} />
              </div>
              <div className="govuk-grid-column-one-quarter">
                <TextInput name={`costs.${i}.unitPrice`} label="Unit price" prefix="£" inputMode="decimal" width="10" defaultValue={line ? unitPriceToInput(line.unitPriceTenThousandths) : ""} />
              </div>
              <div className="govuk-grid-column-one-quarter">
                <Select name={`costs.${i}.financialYearId`} label="Financial year" options={yearOptions} defaultValue={line ? String(line.financialYearId) : defaultYear} />
              </div>
              <div className="govuk-grid-column-one-quarter">
                {line ? (
                  <p className="govuk-body govuk-!-margin-top-6">
                    Line total: <strong>{formatPence(lineTotalPence(line.quantityHundredths, line.unitPriceTenThousandths))}</strong>
                  </p>
                ) : null}
              </div>
            </div>
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-one-quarter">
                <Select name={`costs.${i}.expenditureType`} label="Capital or revenue" options={[{ value: "revenue", label: "Revenue" }, { value: "capital", label: "Capital" }]} defaultValue={line?.expenditureType ?? "revenue"} />
              </div>
              <div className="govuk-grid-column-one-quarter">
                <Select name={`costs.${i}.recurrence`} label="One-off or recurring" options={[{ value: "one_off", label: "One-off" }, { value: "recurring", label: "Recurring" }]} defaultValue={line?.recurrence ?? "one_off"} />
              </div>
            </div>
            {existing ? <RemoveBox name={`costs.${i}.remove`} label={`cost line ${i + 1}`} state={state} /> : null}
          </fieldset>
        );
      })}
    </>
  );
}

function MatchFields({ bid, state }: { bid: FormBid; state: FormState | undefined }) {
  const count = rowCount(state, "match", bid.matchFunding.length);
  return (
    <>
      <p className="govuk-body">
        Money or resources from others towards the total cost of {formatPence(bid.totalCostPence)}. {bid.rules.matchFundingRequired ? "This fund requires match funding." : "This fund does not require match funding."}
      </p>
      {Array.from({ length: count }, (_, i) => {
        const m = bid.matchFunding[i];
        const existing = i < bid.matchFunding.length;
        return (
          <fieldset key={i} className="govuk-fieldset govuk-!-margin-bottom-6" id={i === count - 1 ? "add" : undefined}>
            <RowHeading label={ROW_LABELS.match} index={i} saved={existing || !!state} name={`source ${i + 1}`} />
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-one-half">
                <TextInput name={`match.${i}.source`} label="Who provides it" defaultValue={m?.source ?? ""} width="full" />
              </div>
              <div className="govuk-grid-column-one-quarter">
                <Select name={`match.${i}.kind`} label="Cash or in kind" options={[{ value: "cash", label: "Cash" }, { value: "in_kind", label: "In kind" }]} defaultValue={m?.kind ?? "cash"} />
              </div>
              <div className="govuk-grid-column-one-quarter">
                <TextInput name={`match.${i}.amount`} label="Amount" prefix="£" inputMode="decimal" width="10" defaultValue={m ? penceToInput(m.amountPence) : ""} />
              </div>
            </div>
            {existing ? <RemoveBox name={`match.${i}.remove`} label={`match funding source ${i + 1}`} state={state} /> : null}
          </fieldset>
        );
      })}
    </>
  );
}

function OutcomeFields({ bid, state }: { bid: FormBid; state: FormState | undefined }) {
  const count = rowCount(state, "outcomes", bid.outcomes.length);
  return (
    <>
      <p className="govuk-body">Measurable outcomes: what you will count, where it is now (baseline) and where it will be (target). You will report the actuals each quarter.</p>
      {Array.from({ length: count }, (_, i) => {
        const o = bid.outcomes[i];
        const existing = i < bid.outcomes.length;
        return (
          <fieldset key={i} className="govuk-fieldset govuk-!-margin-bottom-6" id={i === count - 1 ? "add" : undefined}>
            <RowHeading label={ROW_LABELS.outcomes} index={i} saved={existing || !!state} name={`outcome ${i + 1}`} />
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-two-thirds">
                <TextInput name={`outcomes.${i}.measure`} label="Measure" hint="For example, ASB incidents reported at Play Close" defaultValue={o?.measure ?? ""} width="full" />
              </div>
              <div className="govuk-grid-column-one-third">
                <TextInput name={`outcomes.${i}.unit`} label="Unit" hint="For example, incidents a quarter" defaultValue={o?.unit ?? ""} width="full" />
              </div>
            </div>
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-one-quarter">
                <TextInput name={`outcomes.${i}.baseline`} label="Baseline" inputMode="decimal" width="10" defaultValue={o?.baseline ?? ""} />
              </div>
              <div className="govuk-grid-column-one-quarter">
                <TextInput name={`outcomes.${i}.target`} label="Target" inputMode="decimal" width="10" defaultValue={o?.target ?? ""} />
              </div>
              <div className="govuk-grid-column-one-half">
                <DateInput name={`outcomes.${i}.targetDate`} legend="Target date" defaultValue={o?.targetDate ?? null} />
              </div>
            </div>
            {existing ? <RemoveBox name={`outcomes.${i}.remove`} label={`outcome ${i + 1}`} state={state} /> : null}
          </fieldset>
        );
      })}
    </>
  );
}

function RiskFields({ bid, state }: { bid: FormBid; state: FormState | undefined }) {
  const count = rowCount(state, "risks", bid.risks.length);
  return (
    <>
      <p className="govuk-body">
        Score each risk on the council risk matrix: likelihood (1 to 6) times impact (1 to 4). A score up to 6 is low, 8 to 12 medium, 15 or more high. Each risk needs a mitigation
        before you submit.
      </p>
      {Array.from({ length: count }, (_, i) => {
        const r = bid.risks[i];
        const existing = i < bid.risks.length;
        const score = r ? riskScore(r.likelihood, r.impact) : null;
        return (
          <fieldset key={i} className="govuk-fieldset govuk-!-margin-bottom-6" id={i === count - 1 ? "add" : undefined}>
            <RowHeading label={ROW_LABELS.risks} index={i} saved={existing || !!state} name={`risk ${i + 1}`} />
            <Textarea name={`risks.${i}.description`} label="Description" defaultValue={r?.description ?? ""} rows={2} />
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-one-third">
                <Select name={`risks.${i}.likelihood`} label="Likelihood" options={[{ value: "", label: "Choose likelihood" }, ...LIKELIHOODS.map((l) => ({ value: String(l.value), label: `${l.value} ${l.label}` }))]} defaultValue={r ? String(r.likelihood) : ""} />
              </div>
              <div className="govuk-grid-column-one-third">
                <Select name={`risks.${i}.impact`} label="Impact" options={[{ value: "", label: "Choose impact" }, ...IMPACTS.map((l) => ({ value: String(l.value), label: `${l.value} ${l.label}` }))]} defaultValue={r ? String(r.impact) : ""} />
              </div>
              <div className="govuk-grid-column-one-third">
                {score !== null ? (
                  <p className="govuk-body govuk-!-margin-top-6">
                    Saved score: <strong>{score}</strong> ({RISK_BAND_LABELS[riskBand(score)].toLowerCase()})
                  </p>
                ) : null}
              </div>
            </div>
            <Textarea name={`risks.${i}.mitigation`} label="Mitigation" defaultValue={r?.mitigation ?? ""} rows={2} />
            {existing ? <RemoveBox name={`risks.${i}.remove`} label={`risk ${i + 1}`} state={state} /> : null}
          </fieldset>
        );
      })}
    </>
  );
}

function DataProtectionFields({ bid }: { bid: FormBid }) {
  const yesNo = [
    { value: "yes", label: "Yes" },
    { value: "no", label: "No" },
  ];
  const asAnswer = (v: boolean | null) => (v === null ? "" : v ? "yes" : "no");
  return (
    <>
      <Radios name="holdsPersonalData" legend="Does the project use CCTV, or collect or hold personal data?" options={yesNo} inline defaultValue={asAnswer(bid.holdsPersonalData)} legendClass="govuk-fieldset__legend--m" />
      <Radios
        name="dpiaCompleted"
        legend="Has a data protection impact assessment (DPIA) been done?"
        hint="Answer this if the project uses CCTV or holds personal data."
        options={yesNo}
        inline
        defaultValue={asAnswer(bid.dpiaCompleted)}
        legendClass="govuk-fieldset__legend--m"
      />
      <Textarea name="equalityImpact" label="Equality impact" hint="Who could be affected differently, and what you will do about it." defaultValue={bid.equalityImpact} labelClass="govuk-label--m" />
    </>
  );
}
