import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireBid } from "../auth/access.server";
import { BidHistory } from "../components/bid-history";
import { BidSummary } from "../components/bid-summary";
import { SuccessBanner } from "../components/success-banner";
import { StatusTag } from "../components/status-tag";
import { bidPageFor, type BidPage } from "../data/bid-page.server";
import { getBidDetail } from "../data/bids.server";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { formatDateTime } from "../domain/financial-years";
import { lookup } from "../domain/lookup";
import { ImportantBanner } from "../components/sent-back-banner";

export const handle = { title: (data: { bid: { title: string } } | undefined) => data?.bid.title ?? "Bid" };

/** What the viewer may read of the bid, shaped on the server (app/data/bid-page.server.ts). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, bid: header } = await requireBid(request, params.bidId, "bid:read");
  return bidPageFor(user, getBidDetail(header.id)!);
}

const BANNERS: Record<string, string> = {
  withdrawn: "The bid has been withdrawn.",
  decided: "The PCC decision has been recorded.",
  corrected: "The correcting PCC decision has been recorded.",
};

export default function BidPage() {
  const { bid, lastChange, history, canSubmit, canWithdraw, canDelete, canReview, canCorrect, comments, decisions, sentBack, tasks, roundClosed } = useLoaderData<typeof loader>();
  const decision = decisions[0];
  const earlier = decisions.slice(1);
  const [params] = useSearchParams();
  const banner = lookup(BANNERS, params.get("done"));
  // The request for changes is in the banner at the top; the other comments are listed below.
  const others = comments.filter((c) => c.id !== sentBack?.commentId);
  return (
    <>
      {banner ? (
        <SuccessBanner id="banner-title">{banner}</SuccessBanner>
      ) : null}
      {sentBack ? <SentBackBanner message={sentBack.message} at={sentBack.at} /> : null}
      <span className="govuk-caption-l">
        {bid.cspName} · {bid.roundName}, {bid.financialYearLabel}{bid.fund === "central" ? " · central fund" : ""}
      </span>
      <h1 className="govuk-heading-l">{bid.title}</h1>
      <p className="govuk-body">
        <StatusTag status={bid.status} /> Bid {bid.id}, version {bid.version}. Last changed by {lastChange.by} on {formatDateTime(lastChange.at)}.
        {bid.submittedAt ? ` Submitted on ${formatDateTime(bid.submittedAt)}.` : ""}
      </p>
      {tasks ? <Tasks bidId={bid.id} tasks={tasks} /> : null}
      {roundClosed ? <p className="govuk-inset-text" id="round-closed">{roundClosed}</p> : null}
      {canSubmit || canWithdraw || canDelete ? (
        <div className="govuk-button-group">
          {canSubmit ? (
            <Link className="govuk-button" to={`/bids/${bid.id}/submit`} data-module="govuk-button">
              Check and submit
            </Link>
          ) : null}
          {canWithdraw ? (
            <Link className="govuk-button govuk-button--warning" to={`/bids/${bid.id}/withdraw`} data-module="govuk-button">
              Withdraw bid
            </Link>
          ) : null}
          {canDelete ? (
            <Link className="govuk-link" to={`/bids/${bid.id}/delete`}>
              Delete draft
            </Link>
          ) : null}
        </div>
      ) : null}
      {decision ? <DecisionCard bidId={bid.id} requestedPence={bid.requestedPence} decision={decision} earlier={earlier} canCorrect={canCorrect} /> : null}
      <p className="govuk-body">
        <a className="govuk-link" href={`/bids/${bid.id}.pdf`}>
          Download the bid (PDF)
        </a>
      </p>
      {canReview ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/bids/${bid.id}/review`}>
            Review this bid
          </Link>
        </p>
      ) : null}
      {others.length ? (
        <div id="comments">
          <h2 className="govuk-heading-m">Comments from the OPCC</h2>
          {others.map((c) => (
            <div key={c.id} className="govuk-!-margin-bottom-4">
              <p className="govuk-body-s govuk-!-margin-bottom-1">
                {c.author}, {formatDateTime(c.createdAt)}
                {canReview ? ` (${c.internal ? "internal" : "shared with the partnership"})` : ""}
              </p>
              <p className="govuk-body">{c.body}</p>
            </div>
          ))}
        </div>
      ) : null}
      {/* A draft (or a bid sent back) is shown to those who may change it as its task list; everyone else reads the whole bid. */}
      {tasks ? null : <BidSummary bid={bid} changeLinks={false} />}
      <BidHistory entries={history} />
    </>
  );
}

/** The OPCC's request for changes, at the top of the page until the bid is submitted again. */
function SentBackBanner({ message, at }: { message: string; at: string }) {
  return (
    <ImportantBanner>
      <p className="govuk-notification-banner__heading">The OPCC has asked for changes to this bid</p>
      <p className="govuk-body">{message}</p>
      <p className="govuk-body-s">
        Sent on {formatDateTime(at)}. Make the changes, then check and submit the bid again.
      </p>
    </ImportantBanner>
  );
}

const TASK_TAGS: Record<string, string | null> = {
  "Not started": "govuk-tag govuk-tag--grey",
  "In progress": "govuk-tag govuk-tag--light-blue",
  Completed: null,
};

/** The GOV.UK task list: each section, its status, and what still stops the bid being submitted. */
function Tasks({ bidId, tasks }: { bidId: number; tasks: NonNullable<BidPage["tasks"]> }) {
  const done = tasks.filter((t) => t.status === "Completed").length;
  return (
    <>
      <h2 className="govuk-heading-m">Sections of the bid</h2>
      <p className="govuk-body">
        You have completed {done} of {tasks.length} sections. Each section saves on its own, in any order.
      </p>
      <ul className="govuk-task-list" id="tasks">
        {tasks.map((t) => {
          const hint = [t.optional ? "Optional for this fund." : "", ...t.problems].filter(Boolean);
          const tag = lookup(TASK_TAGS, t.status);
          return (
            <li key={t.section} className="govuk-task-list__item govuk-task-list__item--with-link">
              <div className="govuk-task-list__name-and-hint">
                <Link
                  className="govuk-link govuk-task-list__link"
                  to={`/bids/${bidId}/edit/${t.section}`}
                  aria-describedby={`${hint.length ? `task-${t.section}-hint ` : ""}task-${t.section}-status`}
                >
                  {t.title}
                </Link>
                {hint.length ? (
                  <div id={`task-${t.section}-hint`} className="govuk-task-list__hint">
                    {hint.map((h, i) => (
                      <span key={i} className="govuk-!-display-block">
                        {h}
                      </span>
                    ))}
                  </div>
                ) : null}
              </div>
              <div className="govuk-task-list__status" id={`task-${t.section}-status`}>
                {tag ? <strong className={tag}>{t.status}</strong> : t.status}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function outcomeWords(outcome: "approved" | "part_approved" | "rejected") {
  return outcome === "approved" ? "approved" : outcome === "part_approved" ? "part-approved" : "rejected";
}

function DecisionCard({
  bidId,
  requestedPence,
  decision,
  earlier,
  canCorrect,
}: {
  bidId: number;
  requestedPence: number;
  decision: BidPage["decisions"][number];
  earlier: BidPage["decisions"];
  canCorrect: boolean;
}) {
  return (
    <div className="govuk-summary-card" id="decision">
      <div className="govuk-summary-card__title-wrapper">
        <h2 className="govuk-summary-card__title">PCC decision {decision.reference}</h2>
        {canCorrect ? (
          <ul className="govuk-summary-card__actions">
            <li className="govuk-summary-card__action">
              <Link className="govuk-link" to={`/bids/${bidId}/decision`}>
                Correct<span className="govuk-visually-hidden"> decision {decision.reference}</span>
              </Link>
            </li>
          </ul>
        ) : null}
      </div>
      <div className="govuk-summary-card__content">
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Outcome</dt>
            <dd className="govuk-summary-list__value">
              {decision.outcome === "approved" ? "Approved" : decision.outcome === "part_approved" ? "Part-approved" : "Rejected"} on {formatDate(decision.decidedOn)} by {decision.decisionMaker}
            </dd>
          </div>
          {decision.supersedesReference ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Corrects</dt>
              <dd className="govuk-summary-list__value">
                Decision {decision.supersedesReference}: {decision.correctionReason}
              </dd>
            </div>
          ) : null}
          {decision.grantedPence !== null ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Granted</dt>
              <dd className="govuk-summary-list__value">
                <strong>{formatPence(decision.grantedPence)}</strong> of {formatPence(requestedPence)} requested
                <ul className="govuk-list govuk-!-margin-top-2">
                  {decision.lines.map((l) => (
                    <li key={l.id}>
                      {l.description}: {formatPence(l.approvedPence)}
                      {l.approvedPence < l.askedPence ? ` (asked ${formatPence(l.askedPence)})` : ""}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          ) : null}
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Reasons</dt>
            <dd className="govuk-summary-list__value">{decision.reasons}</dd>
          </div>
          {decision.conditions.length ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Conditions</dt>
              <dd className="govuk-summary-list__value">
                <ol className="govuk-list govuk-list--number">
                  {decision.conditions.map((c, i) => (
                    <li key={i}>{c}</li>
                  ))}
                </ol>
              </dd>
            </div>
          ) : null}
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Documents</dt>
            <dd className="govuk-summary-list__value">
              <a className="govuk-link" href={`/decisions/${decision.id}.pdf`}>
                Decision record (PDF)
              </a>
              {decision.grantId ? (
                <>
                  <br />
                  <Link className="govuk-link" to={`/grants/${decision.grantId}`}>
                    The grant and its payment schedule
                  </Link>
                </>
              ) : null}
            </dd>
          </div>
          {earlier.length ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Earlier decisions</dt>
              <dd className="govuk-summary-list__value">
                <ul className="govuk-list">
                  {earlier.map((d) => (
                    <li key={d.id}>
                      <a className="govuk-link" href={`/decisions/${d.id}.pdf`}>
                        {d.reference} (PDF)
                      </a>
                      , {formatDate(d.decidedOn)}: {outcomeWords(d.outcome)}
                      {d.supersededByReference ? `, superseded by ${d.supersededByReference}` : ""}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          ) : null}
        </dl>
      </div>
    </div>
  );
}
