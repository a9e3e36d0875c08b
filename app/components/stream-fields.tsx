import { StreamRuleFields } from "./round-fields";
import { Textarea, TextInput } from "./form-fields";

export interface StreamValues {
  name: string;
  code: string;
  description: string;
  maySpanYears: boolean;
  maxDurationMonths: number;
  matchFundingRequired: boolean;
  acceptByDays: number;
  returnDueDays: number;
  toleranceBasisPoints: number;
  certificationRequired: boolean;
  virementCapPence: number;
}

/** A funding stream's name, code, description and rules, for adding one and for changing one. */
export function StreamFields({ stream }: { stream?: StreamValues }) {
  return (
    <>
      <TextInput name="name" label="Name of the stream" hint="As rounds, bids and grants show it, like Safer Streets 6." defaultValue={stream?.name ?? ""} width="full" />
      <TextInput name="code" label="Code" hint="Lower-case letters and numbers joined by hyphens, like safer-streets-6. Each stream's is its own." defaultValue={stream?.code ?? ""} width="20" spellCheck={false} />
      <Textarea name="description" label="Description (optional)" rows={3} defaultValue={stream?.description ?? ""} />
      <h2 className="govuk-heading-m">The stream's rules</h2>
      <p className="govuk-body">These apply to every round of the stream.</p>
      <StreamRuleFields rules={stream} />
    </>
  );
}
