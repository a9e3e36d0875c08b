import type { SubmissionProblem } from "../domain/bid-completeness";

/** What stops a bid being submitted, each item linking to the field on its section's page. */
export function SubmissionProblems({ bidId, problems, asError }: { bidId: number; problems: SubmissionProblem[]; asError: boolean }) {
  if (problems.length === 0) return null;
  const list = (
    <ul className="govuk-list govuk-error-summary__list">
      {problems.map((p, i) => (
        <li key={i}>
          <a href={`/bids/${bidId}/edit/${p.section}#${p.field}`}>{p.message}</a>
        </li>
      ))}
    </ul>
  );
  return (
    <div className="govuk-error-summary" data-module={asError ? "govuk-error-summary" : undefined} id="submission-problems">
      <div role={asError ? "alert" : undefined}>
        <h2 className="govuk-error-summary__title">{asError ? "There is a problem" : "Before you can submit"}</h2>
        <div className="govuk-error-summary__body">
          <p className="govuk-body">
            {asError ? "The bid was not submitted. " : ""}
            {problems.length === 1 ? "1 thing needs" : `${problems.length} things need`} to be done:
          </p>
          {list}
        </div>
      </div>
    </div>
  );
}
