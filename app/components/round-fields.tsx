import type { RoundInput } from "../data/rounds.server";

type StreamRules = Pick<RoundInput, "maySpanYears" | "maxDurationMonths" | "matchFundingRequired" | "acceptByDays" | "returnDueDays" | "toleranceBasisPoints" | "certificationRequired" | "virementCapPence">;
import { DateInput, Radios, Select, TextInput } from "./form-fields";
import { penceToInput } from "../domain/money";

/** The fields of a round, for creating one and for changing one. */
export function RoundFields({
  streams,
  years,
  round,
  streamLocked,
}: {
  streams: { id: number; name: string }[];
  years: { id: number; label: string }[];
  round?: RoundInput;
  streamLocked?: boolean;
}) {
  const yesNo = [
    { value: "yes", label: "Yes" },
    { value: "no", label: "No" },
  ];
  return (
    <>
      {streamLocked ? (
        <input type="hidden" name="streamId" value={round?.streamId} />
      ) : (
        <Select name="streamId" label="Funding stream" options={[{ value: "", label: "Choose a stream" }, ...streams.map((s) => ({ value: String(s.id), label: s.name }))]} defaultValue={round ? String(round.streamId) : ""} />
      )}
      <Select name="financialYearId" label="Financial year" options={[{ value: "", label: "Choose a year" }, ...years.map((y) => ({ value: String(y.id), label: y.label }))]} defaultValue={round ? String(round.financialYearId) : ""} />
      <TextInput name="name" label="Name of the round" defaultValue={round?.name ?? ""} width="full" />
      <DateInput name="opensOn" legend="Opens" defaultValue={round?.opensOn ?? null} />
      <DateInput name="closesOn" legend="Closes" defaultValue={round?.closesOn ?? null} />
      <TextInput name="totalPot" label="Total pot" prefix="£" width="10" inputMode="decimal" defaultValue={round ? penceToInput(round.totalPotPence) : ""} />
      <TextInput name="centralFund" label="Central fund" hint="Kept back from the partnerships' allocations for cross-partnership projects. 0 for none." prefix="£" width="10" inputMode="decimal" defaultValue={round ? penceToInput(round.centralFundPence) : "0"} />
      <TextInput
        name="overProgramming"
        label="Over-programming margin (%)"
        hint="How far approvals may go over the pot, because projects underspend. 0 for none; Warwickshire uses about 10."
        width="4"
        inputMode="decimal"
        defaultValue={round ? String(round.overProgrammingBasisPoints / 100) : "0"}
      />
      <TextInput name="maxPerCsp" label="Most one partnership may be allocated (optional)" prefix="£" width="10" inputMode="decimal" defaultValue={round?.maxPerCspPence != null ? penceToInput(round.maxPerCspPence) : ""} />
      <h2 className="govuk-heading-m">The stream's rules</h2>
      <p className="govuk-body">These apply to every round of the stream.</p>
      <StreamRuleFields rules={round} inRoundForm />
    </>
  );
}

/** A stream's rules: on the round form (which changes them for the whole stream) and at /settings/streams. */
export function StreamRuleFields({ rules, inRoundForm = false }: { rules?: StreamRules; inRoundForm?: boolean }) {
  const yesNo = [
    { value: "yes", label: "Yes" },
    { value: "no", label: "No" },
  ];
  return (
    <>
      <Radios name="maySpanYears" legend="May projects run across financial years?" inline options={yesNo} defaultValue={rules ? (rules.maySpanYears ? "yes" : "no") : "no"} />
      <TextInput name="maxDurationMonths" label="Longest a project may run (months)" width="4" inputMode="numeric" defaultValue={rules ? String(rules.maxDurationMonths) : "12"} />
      <Radios name="matchFundingRequired" legend="Is match funding required?" inline options={yesNo} defaultValue={rules ? (rules.matchFundingRequired ? "yes" : "no") : "no"} />
      <h3 className="govuk-heading-s">After the award</h3>
      {inRoundForm ? (
        <p className="govuk-body" id="after-award-hint">
          These settings also belong to the stream and are shared by all its rounds: changing them here changes them for every round of the stream.
        </p>
      ) : null}
      <TextInput
        name="acceptByDays"
        label="Days a partnership has to accept a grant offer"
        hint="Counted from the decision. A change applies to offers made after it: offers already made keep their accept-by date."
        width="4"
        inputMode="numeric"
        defaultValue={rules ? String(rules.acceptByDays) : "28"}
      />
      <TextInput
        name="returnDueDays"
        label="Days after each quarter that its return is due"
        hint="A change applies when a grant's returns are next made or synced: saving here does not re-date returns already made."
        width="4"
        inputMode="numeric"
        defaultValue={rules ? String(rules.returnDueDays) : "30"}
      />
      <TextInput
        name="tolerance"
        label="Spend tolerance (%)"
        hint="How far a quarter's spend on a cost line may differ from its profile before the return must explain it. From 0 to 100, at most two decimal places, like 10 or 2.5."
        width="4"
        inputMode="decimal"
        defaultValue={rules ? String(rules.toleranceBasisPoints / 100) : "10"}
      />
      <TextInput
        name="virementCap"
        label="Largest virement approved automatically"
        hint="A virement between a grant's cost lines of the same type, within the spend tolerance of the receiving line and no more than this, is approved as it is made; any other needs an OPCC officer. Enter 0 to have every virement approved by an officer."
        width="10"
        prefix="£"
        inputMode="decimal"
        defaultValue={rules?.virementCapPence != null ? penceToInput(rules.virementCapPence) : "5000.00"}
        spellCheck={false}
      />
      <Radios
        name="certificationRequired"
        legend="Does the council's finance officer certify each return's spend?"
        hint="Before the partnership submits the return."
        inline
        options={yesNo}
        defaultValue={rules ? (rules.certificationRequired ? "yes" : "no") : "no"}
      />
    </>
  );
}
