import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound } from "../auth/access.server";
import { publicAccess } from "../auth/public-access.server";
import { SecondaryLine } from "../components/secondary-line";
import { getPublicDecision } from "../data/transparency.server";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { publicDecisionPath } from "../domain/transparency";

export const handle = { title: (d: { decision?: { reference: string } } | undefined) => (d?.decision ? `Decision ${d.decision.reference}` : "Decision") };

/**
 * /transparency/decisions/PCC%2F2023-24%2F006 (or /transparency/decisions/12): a PCC decision's
 * public record, only for a decision marked publishable, with only its published fields
 * (decision record 027). Anything else, or an unknown reference, is a 404. Public and cacheable,
 * as /transparency.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await publicAccess(request);
  const given = (params.reference ?? "").slice(0, 200);
  const decision = given ? getPublicDecision(given) : null;
  if (!decision) notFound();
  return data(
    {
      decision,
      supersedesHref: decision.supersedes?.publishable ? publicDecisionPath(decision.supersedes.reference) : null,
      supersededByHref: decision.supersededBy?.reference ? publicDecisionPath(decision.supersededBy.reference) : null,
    },
    { headers: access.headers },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => ({
  "Cache-Control": loaderHeaders.get("Cache-Control") ?? "no-store",
  Vary: loaderHeaders.get("Vary") ?? "Cookie",
});

const OUTCOME_LABELS = { approved: "Approved", part_approved: "Part-approved", rejected: "Not approved" } as const;

export default function PublicDecision() {
  const { decision: d, supersedesHref, supersededByHref } = useLoaderData<typeof loader>();
  return (
    <>
      <nav className="govuk-breadcrumbs" aria-label="Breadcrumb">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item">
            <a className="govuk-breadcrumbs__link" href="/transparency">
              Published grants
            </a>
          </li>
        </ol>
      </nav>
      <span className="govuk-caption-l">Decision {d.reference}</span>
      <h1 className="govuk-heading-l">{d.title}</h1>
      {d.supersededBy ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            This decision has been corrected
            {supersededByHref ? (
              <>
                {" "}
                by <a className="govuk-link" href={supersededByHref}>{d.supersededBy.reference}</a>
              </>
            ) : null}
            . It no longer stands.
          </strong>
        </div>
      ) : null}
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Decision</dt>
          <dd className="govuk-summary-list__value">
            {OUTCOME_LABELS[d.outcome]} on {formatDate(d.decidedOn)}
            <SecondaryLine>by {d.decisionMaker}</SecondaryLine>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Recipient</dt>
          <dd className="govuk-summary-list__value">
            {d.accountableCouncil}
            <SecondaryLine>for the {d.cspName}</SecondaryLine>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Amount</dt>
          <dd className="govuk-summary-list__value">
            {d.grantedPence === null ? "Not approved" : `${formatPence(d.grantedPence)} granted`}
            <SecondaryLine>{formatPence(d.requestedPence)} was asked for</SecondaryLine>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Funding</dt>
          <dd className="govuk-summary-list__value">
            {d.roundName}
            <SecondaryLine>
              {d.streamName} · {d.financialYear}
            </SecondaryLine>
          </dd>
        </div>
        {d.startDate && d.endDate ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Runs</dt>
            <dd className="govuk-summary-list__value">
              {formatDate(d.startDate)} to {formatDate(d.endDate)}
            </dd>
          </div>
        ) : null}
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Purpose</dt>
          <dd className="govuk-summary-list__value">{d.summary || d.title}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">{d.outcome === "rejected" ? "Reasons" : "Why it will reduce crime and disorder"}</dt>
          <dd className="govuk-summary-list__value">{d.reasons}</dd>
        </div>
        {d.outcome !== "rejected" ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Conditions</dt>
            <dd className="govuk-summary-list__value">
              {d.conditions.length === 0 ? (
                "None beyond the grant's standard terms"
              ) : (
                <ol className="govuk-list govuk-list--number">
                  {d.conditions.map((c, i) => (
                    <li key={i}>{c}</li>
                  ))}
                </ol>
              )}
            </dd>
          </div>
        ) : null}
        {d.supersedes ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Correction</dt>
            <dd className="govuk-summary-list__value">
              This decision corrects{" "}
              {supersedesHref ? (
                <a className="govuk-link" href={supersedesHref}>
                  {d.supersedes.reference}
                </a>
              ) : (
                d.supersedes.reference
              )}
              : {d.supersedes.reason}
            </dd>
          </div>
        ) : null}
      </dl>
    </>
  );
}
