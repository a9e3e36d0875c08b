/**
 * What an OPCC does before a partnership can bid (issue 12, the journey from nothing), in the
 * order it does it, each done once the portal holds what the step makes. /settings shows the list
 * until every step is done, so a new installation is never left guessing what comes next.
 */

export interface SetUpCounts {
  /** Whether the OPCC has saved its own names at /settings/opcc. */
  opccNamed: boolean;
  partnerships: number;
  streams: number;
  planPriorities: number;
  cspLeads: number;
  rounds: number;
}

export interface SetUpStep {
  label: string;
  href: string;
  done: boolean;
  hint: string;
}

export function setUpSteps(c: SetUpCounts): SetUpStep[] {
  return [
    { label: "Name the OPCC", href: "/settings/opcc", done: c.opccNamed, hint: "Its name, the PCC's, and the address offer letters give" },
    { label: "Add the partnerships", href: "/settings/partnerships/new", done: c.partnerships > 0, hint: "Each Community Safety Partnership with its accountable council" },
    { label: "Add a funding stream", href: "/settings/streams/new", done: c.streams > 0, hint: "Its rules: match funding, tolerance, return and accept-by days" },
    { label: "Add the Police and Crime Plan priorities", href: "/settings/priorities", done: c.planPriorities > 0, hint: "A bid names at least one before it can be submitted" },
    { label: "Invite the partnerships' leads", href: "/settings/people/invite", done: c.cspLeads > 0, hint: "Each gets an e-mail with a link to set their password" },
    { label: "Open a funding round", href: "/rounds/new", done: c.rounds > 0, hint: "With each partnership's provisional allocation" },
  ];
}

/** Whether the list is still worth showing. */
export const setUpUnfinished = (steps: SetUpStep[]) => steps.some((s) => !s.done);
