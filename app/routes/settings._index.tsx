import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { privacyNotice } from "../data/public-pages.server";
import { twoFactorRequired } from "../data/two-factor.server";
import { setUpCounts, settingsOverview } from "../data/settings.server";
import { setUpSteps, setUpUnfinished } from "../domain/set-up-steps";
import { opccName } from "../data/opcc-settings.server";
import { listPartnerships } from "../data/partnerships.server";

export const handle = { title: "Settings" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  const steps = setUpSteps(setUpCounts());
  return { ...settingsOverview(), setUp: setUpUnfinished(steps) ? steps : null, privacy: privacyNotice() !== null, opcc: { name: opccName(), partnerships: listPartnerships(1).total }, twoFactor: twoFactorRequired() };
}

/** The settings an OPCC administrator keeps: each links to its own page. */
export default function Settings() {
  const { referenceFormat, conditions, streams, privacy, opcc, twoFactor, setUp } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Settings</h1>
      {setUp ? <SetUpList steps={setUp} /> : null}
      <p className="govuk-body">What the portal uses when the OPCC reviews and decides. Every change is audited.</p>
      <dl className="govuk-summary-list">
        <OpccRows name={opcc.name} partnerships={opcc.partnerships} />
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">People</dt>
          <dd className="govuk-summary-list__value">Who can sign in, and with which role</dd>
          <dd className="govuk-summary-list__actions">
            <Link className="govuk-link" to="/settings/people">
              Change<span className="govuk-visually-hidden"> who can sign in: invite, change a role, deactivate</span>
            </Link>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Decision reference format</dt>
          <dd className="govuk-summary-list__value">
            <code>{referenceFormat}</code>
          </dd>
          <dd className="govuk-summary-list__actions">
            <Link className="govuk-link" to="/settings/decision-reference">
              Change<span className="govuk-visually-hidden"> the decision reference format</span>
            </Link>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Standard conditions</dt>
          <dd className="govuk-summary-list__value">
            {conditions.live} offered on decisions{conditions.retired ? `, ${conditions.retired} retired` : ""}
          </dd>
          <dd className="govuk-summary-list__actions">
            <Link className="govuk-link" to="/settings/conditions">
              Change<span className="govuk-visually-hidden"> the standard conditions</span>
            </Link>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Privacy notice</dt>
          <dd className="govuk-summary-list__value">{privacy ? "The OPCC's own" : "The portal's default"}</dd>
          <dd className="govuk-summary-list__actions">
            <Link className="govuk-link" to="/settings/privacy">
              Change<span className="govuk-visually-hidden"> the privacy notice</span>
            </Link>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Funding streams, financial years and priorities</dt>
          <dd className="govuk-summary-list__value">What rounds are set in and bids deliver</dd>
          <dd className="govuk-summary-list__actions">
            <ul className="govuk-summary-list__actions-list">
              <li className="govuk-summary-list__actions-list-item">
                <Link className="govuk-link" to="/settings/streams">
                  Streams<span className="govuk-visually-hidden">: change the funding streams</span>
                </Link>
              </li>
              <li className="govuk-summary-list__actions-list-item">
                <Link className="govuk-link" to="/settings/years">
                  Years<span className="govuk-visually-hidden">: add a financial year</span>
                </Link>
              </li>
              <li className="govuk-summary-list__actions-list-item">
                <Link className="govuk-link" to="/settings/priorities">
                  Priorities<span className="govuk-visually-hidden">: change the Police and Crime Plan priorities and statutory duties</span>
                </Link>
              </li>
            </ul>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Two-factor sign-in</dt>
          <dd className="govuk-summary-list__value">{twoFactor ? "Required for OPCC staff and administrators" : "Not required"}</dd>
          <dd className="govuk-summary-list__actions">
            <Link className="govuk-link" to="/settings/two-factor">
              Change<span className="govuk-visually-hidden"> whether two-factor sign-in is required</span>
            </Link>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Audit log</dt>
          <dd className="govuk-summary-list__value">Every change, who made it and when, with its before and after</dd>
          <dd className="govuk-summary-list__actions">
            <Link className="govuk-link" to="/settings/audit">
              View<span className="govuk-visually-hidden"> the audit log</span>
            </Link>
          </dd>
        </div>
        {streams.map((s) => (
          <div className="govuk-summary-list__row" key={s.id}>
            <dt className="govuk-summary-list__key">Scoring rubric: {s.name}</dt>
            <dd className="govuk-summary-list__value">{s.custom ? "Set for this stream" : "The default rubric"}</dd>
            <dd className="govuk-summary-list__actions">
              <Link className="govuk-link" to={`/settings/rubrics/${s.id}`}>
                Change<span className="govuk-visually-hidden"> the scoring rubric for {s.name}</span>
              </Link>
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** The OPCC itself and its partnerships (issue 12): two rows, each linking to its page. */
function OpccRows({ name, partnerships }: { name: string; partnerships: number }) {
  return (
    <>
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">The OPCC</dt>
        <dd className="govuk-summary-list__value">{name}</dd>
        <dd className="govuk-summary-list__actions">
          <Link className="govuk-link" to="/settings/opcc">
            Change<span className="govuk-visually-hidden"> the OPCC&apos;s names, contact and 360Giving details</span>
          </Link>
        </dd>
      </div>
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Partnerships</dt>
        <dd className="govuk-summary-list__value">{partnerships === 1 ? "1 partnership" : `${partnerships} partnerships`}</dd>
        <dd className="govuk-summary-list__actions">
          <Link className="govuk-link" to="/settings/partnerships">
            Change<span className="govuk-visually-hidden"> the partnerships</span>
          </Link>
        </dd>
      </div>
    </>
  );
}

/** Until the portal is ready for its first bid, what is left to do, in order (GOV.UK task list). */
function SetUpList({ steps }: { steps: { label: string; href: string; done: boolean; hint: string }[] }) {
  return (
    <>
      <h2 className="govuk-heading-m">Setting up the portal</h2>
      <p className="govuk-body">Before a partnership can bid, the portal needs these. The list goes once each is done.</p>
      <ul className="govuk-task-list">
        {steps.map((step, i) => (
          <li key={step.href} className="govuk-task-list__item govuk-task-list__item--with-link">
            <div className="govuk-task-list__name-and-hint">
              <Link className="govuk-link govuk-task-list__link" to={step.href} aria-describedby={`set-up-${i}-hint set-up-${i}-status`}>
                {step.label}
              </Link>
              <div id={`set-up-${i}-hint`} className="govuk-task-list__hint">
                {step.hint}
              </div>
            </div>
            <div className="govuk-task-list__status" id={`set-up-${i}-status`}>
              {step.done ? "Done" : <strong className="govuk-tag govuk-tag--blue">To do</strong>}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
