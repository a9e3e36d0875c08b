import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { PostForm } from "../components/post-form";
import type { ZodTypeAny } from "zod";
import { deliverInBackground } from "../data/notifications.server";
import { requireBid } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, Radios, Select, Textarea } from "../components/form-fields";
import { StatusTag } from "../components/status-tag";
import { SuccessBanner } from "../components/success-banner";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { getBidDetail } from "../data/bids.server";
import {
  addComment,
  answerConflict,
  assignReviewer,
  assignments,
  comments,
  latestSubmissionNumber,
  listReviewers,
  recordScore,
  requestChanges,
  reviewStateFor,
  rubricForBid,
  scoresFor,
  submissions,
  type ReviewResult,
} from "../data/review.server";
import { hasPermission } from "../domain/access-rules";
import { diffSnapshots } from "../domain/bid-diff";
import { AWAITING_REVIEW_STATUSES, canTransition } from "../domain/bid-lifecycle";
import { formatDateTime } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { scoreBid, spread } from "../domain/scoring";
import { nextReviewStep, type ReviewStep } from "../domain/decision-review";
import { changedSinceOpened, parseForm, readForm, type FormState } from "../forms/form-state";
import { REVIEW_INTENTS, assignSchema, commentSchema, conflictSchema, requestChangesSchema, scoreFieldOrder, scoreSchema, type ReviewIntent } from "../forms/review";
import { lookup } from "../domain/lookup";

export const handle = { title: (data: { bid: { title: string } } | undefined) => `Review${data ? `: ${data.bid.title}` : ""}` };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, bid: header } = await requireBid(request, params.bidId, "review:read");
  const bid = getBidDetail(header.id)!;
  const submissionNumber = latestSubmissionNumber(bid.id);
  const scored = scoresFor(bid.id, submissionNumber);
  // Sheets are read against the rubric they were scored with; a stream's rubric cannot change while its bids are being scored.
  const rubric = scored[0]?.rubric ?? rubricForBid(bid.id);
  const team = assignments(bid.id);
  // A reviewer who has since declared a conflict of interest no longer counts (the audit log keeps their score).
  const conflicted = new Set(team.filter((a) => a.conflict === "declared").map((a) => a.reviewerId));
  const sheets = scored.filter((s) => !conflicted.has(s.reviewerId)).map(({ rubric: scoredWith, ...s }) => ({ ...s, result: scoreBid(scoredWith, s) }));
  const history = submissions(bid.id);
  const last = history[history.length - 1];
  const previous = history[history.length - 2];
  const mine = team.find((a) => a.reviewerId === user.userId) ?? null;
  const awaiting = AWAITING_REVIEW_STATUSES.includes(bid.status);
  const canAct = hasPermission(user, "review:act") && awaiting;
  const canDecide = hasPermission(user, "decision:record") && awaiting;
  return {
    bid: { id: bid.id, title: bid.title, status: bid.status, version: bid.version, cspName: bid.cspName, roundName: bid.roundName, requestedPence: bid.requestedPence, totalCostPence: bid.totalCostPence },
    rubric,
    submissionNumber,
    sheets,
    spread: spread(sheets.filter((s) => s.kind === "individual" && s.result.kind === "scored").map((s) => (s.result.kind === "scored" ? s.result.total : 0))),
    changes: last && previous ? { from: previous.number, to: last.number, list: diffSnapshots(previous.snapshot, last.snapshot) } : null,
    team,
    mine,
    reviewers: listReviewers(),
    comments: comments(bid.id, { sharedOnly: false }),
    canAct,
    canScore: canAct && mine?.conflict === "none",
    canDecide,
    // The next step the bid needs (assign, declare, score, moderate, decide): the page's one primary action.
    next: awaiting ? nextReviewStep(reviewStateFor(bid.id), { userId: user.userId, canAct, canDecide }) : null,
    canRequestChanges: canAct && canTransition(bid.status, "request_changes"),
    done: new URL(request.url).searchParams.get("done"),
  };
}

type ActionData = FormState & { intent: ReviewIntent };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, bid } = await requireBid(request, params.bidId, "review:act");
  const formData = await readForm(request);
  const intentValue = String(formData.get("intent") ?? "");
  const intent = (REVIEW_INTENTS as readonly string[]).includes(intentValue) ? (intentValue as ReviewIntent) : null;
  if (!intent) return data<ActionData>({ values: {}, errors: {}, formError: "Choose what to do.", intent: "comment" }, { status: 400 });
  const refuse = (state: FormState, status = 400) => data<ActionData>({ ...state, intent }, { status });
  // Reviewing ends with the decision (or a withdrawal): the page offers nothing else, and neither does the server.
  if (!AWAITING_REVIEW_STATUSES.includes(bid.status)) {
    return refuse({ values: {}, errors: {}, formError: "This bid is no longer waiting for review, so nothing more can be recorded on it." }, 409);
  }
  const schemas: Record<ReviewIntent, ZodTypeAny> = {
    assign: assignSchema,
    conflict: conflictSchema,
    score: scoreSchema(rubricForBid(bid.id)),
    comment: commentSchema,
    "request-changes": requestChangesSchema,
  };
  const parsed = parseForm(formData, schemas[intent]);
  if (!parsed.ok) return refuse(parsed.state);
  const v = parsed.data;

  let result: ReviewResult;
  switch (intent) {
    case "assign": {
      if (!listReviewers().some((r) => r.id === v.reviewerId)) return refuse({ values: parsed.values, errors: { reviewerId: "Choose a reviewer from the list" } });
      result = assignReviewer(bid.id, v.reviewerId, v.lead, user.userId, v.version);
      break;
    }
    case "conflict":
      result = answerConflict(bid.id, user.userId, v.conflict === "declared", v.conflictDetails);
      break;
    case "score":
      result = recordScore(bid.id, user.userId, v.kind, { gates: v.gates, scores: v.scores, justifications: v.justifications });
      break;
    case "comment":
      addComment(bid.id, user.userId, v.visibility, v.body);
      result = { kind: "saved", version: 0 };
      break;
    case "request-changes":
      result = requestChanges(bid.id, user.userId, v.version, v.message);
      break;
  }
  if (result.kind === "saved") {
    deliverInBackground();
    return redirect(`/bids/${bid.id}/review?done=${intent}`);
  }
  if (result.kind === "stale") {
    return refuse({ values: parsed.values, errors: {}, formError: `${changedSinceOpened("bid", result, user)}. Reload the page and try again.` }, 409);
  }
  if (result.kind === "not-editable") return refuse({ values: parsed.values, errors: {}, formError: "This bid can no longer be changed." }, 409);
  return refuse({ values: parsed.values, errors: {}, formError: result.message }, 409);
}

const DONE: Record<string, string> = {
  assign: "Reviewer assigned.",
  conflict: "Your answer about conflicts of interest has been recorded.",
  score: "Score recorded.",
  comment: "Comment added.",
  "request-changes": "The bid has been sent back to the partnership for changes.",
};

export default function ReviewBid() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { bid, rubric } = page;
  const stateFor = (intent: ReviewIntent) => (result?.intent === intent ? result : undefined);
  const done = lookup(DONE, page.done);
  // A reviewer's own sheet for this submission fills the form, so a re-score starts from it.
  const ownSheet = page.mine ? page.sheets.find((s) => s.reviewerId === page.mine!.reviewerId && s.kind === "individual") : undefined;
  // Only the step the bid needs next is a primary (green) button; every other action is secondary.
  const primary = (...steps: ReviewStep[]) => page.next?.kind === "act" && steps.includes(page.next.step);
  const buttonClass = (...steps: ReviewStep[]) => `govuk-button${primary(...steps) ? "" : " govuk-button--secondary"}`;
  return (
    <>
      <Link className="govuk-back-link" to="/review">
        Back to bids to review
      </Link>
      <ErrorSummary state={result} order={result?.intent === "score" ? scoreFieldOrder(rubric) : undefined} />
      {done && !result ? <SuccessBanner id="done-title">{done}</SuccessBanner> : null}
      <span className="govuk-caption-l">
        {bid.cspName} · {bid.roundName}
      </span>
      <h1 className="govuk-heading-l">Review: {bid.title}</h1>
      <p className="govuk-body">
        <StatusTag status={bid.status} /> Requesting <strong>{formatPence(bid.requestedPence)}</strong> of a total cost of {formatPence(bid.totalCostPence)}.{" "}
        <Link className="govuk-link" to={`/bids/${bid.id}`}>
          Read the whole bid
        </Link>
        {page.submissionNumber > 1 ? ` (submission ${page.submissionNumber})` : ""}.
      </p>
      {page.next ? <NextStepPanel bidId={bid.id} next={page.next} /> : null}

      <h2 className="govuk-heading-m">Reviewers</h2>
      {page.team.length ? (
        <ul className="govuk-list govuk-list--bullet">
          {page.team.map((a) => (
            <li key={a.reviewerId}>
              {a.name}
              {a.isLead ? " (lead reviewer)" : ""}:{" "}
              {a.conflict === null ? "conflict of interest not yet declared" : a.conflict === "none" ? "no conflict of interest" : `conflict declared (${a.conflictDetails}), cannot score`}
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No reviewers assigned yet.</p>
      )}
      {page.canAct ? (
        <PostForm noValidate className="govuk-!-margin-bottom-8">
          <FormStateProvider state={stateFor("assign")}>
            <input type="hidden" name="intent" value="assign" />
            <input type="hidden" name="version" value={bid.version} />
            <Select name="reviewerId" label="Assign a reviewer" options={[{ value: "", label: "Choose a reviewer" }, ...page.reviewers.map((r) => ({ value: String(r.id), label: r.name }))]} />
            <div className="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-4">
              <div className="govuk-checkboxes__item">
                <input className="govuk-checkboxes__input" id="lead" name="lead" type="checkbox" value="yes" />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="lead">
                  Lead reviewer (records the moderated score)
                </label>
              </div>
            </div>
          </FormStateProvider>
          <button type="submit" className={buttonClass("assign")} data-module="govuk-button">
            Assign reviewer
          </button>
        </PostForm>
      ) : null}

      {page.canAct && page.mine ? (
        <PostForm noValidate className="govuk-!-margin-bottom-8">
          <FormStateProvider state={stateFor("conflict")}>
            <input type="hidden" name="intent" value="conflict" />
            <Radios
              name="conflict"
              legend="Do you have a conflict of interest with this bid?"
              legendClass="govuk-fieldset__legend--m"
              hint="For example, you sit on the partnership's board or a delivery partner employs a relative. A declared conflict stops you scoring."
              defaultValue={page.mine.conflict ?? ""}
              options={[
                { value: "none", label: "No, I have no conflict of interest" },
                { value: "declared", label: "Yes, I declare a conflict of interest" },
              ]}
            />
            <Textarea name="conflictDetails" label="If yes, describe it" defaultValue={page.mine.conflictDetails} rows={2} />
          </FormStateProvider>
          <button type="submit" className={buttonClass("declare")} data-module="govuk-button">
            Save declaration
          </button>
        </PostForm>
      ) : null}

      <h2 className="govuk-heading-m">Scores for submission {page.submissionNumber}</h2>
      {page.sheets.length ? (
        <TableRegion label="Scores">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Scores</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Reviewer</th>
              {rubric.criteria.map((c) => (
                <th key={c.key} scope="col" className="govuk-table__header govuk-table__header--numeric">
                  {c.label}
                  <SecondaryLine>weight {c.weight}</SecondaryLine>
                </th>
              ))}
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Total</th>
              <th scope="col" className="govuk-table__header">Band</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {page.sheets.map((s) => (
              <tr key={`${s.kind}-${s.reviewerId}`} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  {s.kind === "moderated" ? `Moderated (${s.reviewerName})` : s.reviewerName}
                </th>
                {rubric.criteria.map((c) => (
                  <td key={c.key} className="govuk-table__cell govuk-table__cell--numeric">
                    {s.scores[c.key] ?? ""}
                  </td>
                ))}
                <td className="govuk-table__cell govuk-table__cell--numeric">{s.result.kind === "scored" ? s.result.total.toFixed(1) : "Failed a gate"}</td>
                <td className="govuk-table__cell">{s.result.band.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableRegion>
      ) : (
        <p className="govuk-body">No scores yet.</p>
      )}
      {page.spread && page.sheets.filter((s) => s.kind === "individual").length > 1 ? (
        <p className="govuk-body">
          Spread between reviewers: {page.spread.low.toFixed(1)} to {page.spread.high.toFixed(1)} ({page.spread.difference.toFixed(1)} points).
        </p>
      ) : null}

      {page.canScore ? (
        <PostForm noValidate className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m" id="your-score">
            Your score
          </h2>
          {ownSheet ? (
            <p className="govuk-body">
              {primary("moderate")
                ? `Every reviewer has scored. The form starts from your own score (${formatDateTime(ownSheet.createdAt)}): change it to the score the review settles on and save it as the moderated score.`
                : `You scored this submission on ${formatDateTime(ownSheet.createdAt)}. Your score is shown below: saving replaces it.`}
            </p>
          ) : null}
          <FormStateProvider state={stateFor("score")}>
            <input type="hidden" name="intent" value="score" />
            {page.mine?.isLead ? (
              <Radios
                name="kind"
                legend="Record this as"
                inline
                defaultValue={primary("moderate") ? "moderated" : "individual"}
                options={[
                  { value: "individual", label: "My own score" },
                  { value: "moderated", label: "The moderated score" },
                ]}
              />
            ) : null}
            {rubric.gates.map((g) => (
              <Radios
                key={g.key}
                name={`gates.${g.key}`}
                legend={`Gate: ${g.label}`}
                inline
                defaultValue={ownSheet && g.key in ownSheet.gates ? (ownSheet.gates[g.key] ? "pass" : "fail") : undefined}
                options={[
                  { value: "pass", label: "Pass" },
                  { value: "fail", label: "Fail" },
                ]}
              />
            ))}
            {rubric.criteria.map((c) => (
              <fieldset key={c.key} className="govuk-fieldset govuk-!-margin-bottom-6">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
                  {c.label} (weight {c.weight})
                </legend>
                <Select
                  name={`scores.${c.key}`}
                  label="Score"
                  defaultValue={ownSheet && c.key in ownSheet.scores ? String(ownSheet.scores[c.key]) : undefined}
                  options={[{ value: "", label: "Choose a score" }, ...c.descriptors.map((d, i) => ({ value: String(i), label: `${i}: ${d}` }))]}
                />
                <Textarea name={`justifications.${c.key}`} label="Why this score" rows={2} defaultValue={ownSheet?.justifications[c.key]} />
              </fieldset>
            ))}
          </FormStateProvider>
          <button type="submit" className={buttonClass("score", "moderate")} data-module="govuk-button">
            Save score
          </button>
        </PostForm>
      ) : null}

      {page.changes ? (
        <>
          <h2 className="govuk-heading-m">
            What changed from submission {page.changes.from} to {page.changes.to}
          </h2>
          {page.changes.list.length ? (
            <TableRegion label="Changes between submissions">
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-visually-hidden">Changes between submissions</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">What</th>
                  <th scope="col" className="govuk-table__header">Before</th>
                  <th scope="col" className="govuk-table__header">After</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {page.changes.list.map((c, i) => (
                  <tr key={i} className="govuk-table__row">
                    <td className="govuk-table__cell">{c.what}</td>
                    <td className="govuk-table__cell">{c.before}</td>
                    <td className="govuk-table__cell">{c.after}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </TableRegion>
          ) : (
            <p className="govuk-body">Nothing changed.</p>
          )}
        </>
      ) : null}

      <h2 className="govuk-heading-m">Comments</h2>
      {page.comments.length ? (
        <ul className="govuk-list">
          {page.comments.map((c) => (
            <li key={c.id} className="govuk-!-margin-bottom-4">
              <strong className={`govuk-tag ${c.visibility === "shared" ? "govuk-tag--blue" : "govuk-tag--grey"}`}>{c.visibility === "shared" ? "Shared with partnership" : "Internal"}</strong>{" "}
              {c.author}, {formatDateTime(c.createdAt)}
              <p className="govuk-body govuk-!-margin-top-1">{c.body}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No comments yet.</p>
      )}
      {page.canAct ? (
        <PostForm noValidate className="govuk-!-margin-bottom-8">
          <FormStateProvider state={stateFor("comment")}>
            <input type="hidden" name="intent" value="comment" />
            <Textarea name="body" label="Add a comment" labelClass="govuk-label--s" rows={3} />
            <Radios
              name="visibility"
              legend="Who can see it"
              inline
              defaultValue="internal"
              options={[
                { value: "internal", label: "OPCC staff only" },
                { value: "shared", label: "Also the partnership" },
              ]}
            />
          </FormStateProvider>
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Add comment
          </button>
        </PostForm>
      ) : null}

      {page.canRequestChanges ? (
        <PostForm noValidate>
          <h2 className="govuk-heading-m">Send back for changes</h2>
          <FormStateProvider state={stateFor("request-changes")}>
            <input type="hidden" name="intent" value="request-changes" />
            <input type="hidden" name="version" value={bid.version} />
            <Textarea name="message" label="What the partnership needs to change" hint="The partnership sees this message. They can then edit the bid and submit it again." rows={4} />
          </FormStateProvider>
          <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
            Send back for changes
          </button>
        </PostForm>
      ) : null}

      {page.canDecide && !primary("decide") ? (
        <>
          <h2 className="govuk-heading-m">PCC decision</h2>
          <p className="govuk-body">The PCC decides once the lead reviewer has recorded the moderated score. To record a decision before then, you need to say why.</p>
          <Link className="govuk-button govuk-button--secondary" to={`/bids/${bid.id}/decision`} data-module="govuk-button">
            Record the PCC decision
          </Link>
        </>
      ) : null}
    </>
  );
}

/** Where on the page each step is taken. */
const STEP_TARGETS: Record<Exclude<ReviewStep, "decide">, { href: string; label: string }> = {
  assign: { href: "#reviewerId", label: "Assign a reviewer" },
  declare: { href: "#conflict", label: "Declare any conflict of interest" },
  score: { href: "#your-score", label: "Go to your score" },
  moderate: { href: "#your-score", label: "Record the moderated score" },
};

function NextStepPanel({ bidId, next }: { bidId: number; next: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["next"]> }) {
  const target = next.step === "decide" ? null : STEP_TARGETS[next.step];
  return (
    <div className="govuk-inset-text" id="next-step">
      <h2 className="govuk-heading-s govuk-!-margin-bottom-2">Next step</h2>
      <p className="govuk-body">{next.text}</p>
      {next.kind === "act" && target ? (
        <p className="govuk-body">
          <a className="govuk-link" href={target.href}>
            {target.label}
          </a>
        </p>
      ) : null}
      {next.kind === "act" && next.step === "decide" ? (
        <Link className="govuk-button govuk-!-margin-bottom-0" to={`/bids/${bidId}/decision`} data-module="govuk-button">
          Record the PCC decision
        </Link>
      ) : null}
    </div>
  );
}
