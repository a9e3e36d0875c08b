import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { privacyNotice } from "../data/public-pages.server";
import { twoFactorRequired } from "../data/two-factor.server";
import { settingsOverview } from "../data/settings.server";

export const handle = { title: "Settings" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  return { ...settingsOverview(), privacy: privacyNotice() !== null, twoFactor: twoFactorRequired() };
}

/** The settings an OPCC administrator keeps: each links to its own page. */
export default function Settings() {
  const { referenceFormat, conditions, streams, privacy, twoFactor } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Settings</h1>
      <p className="govuk-body">What the portal uses when the OPCC reviews and decides. Every change is audited.</p>
      <dl className="govuk-summary-list">
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
          <dt className="govuk-summary-list__key">Two-factor sign-in</dt>
          <dd className="govuk-summary-list__value">{twoFactor ? "Required for OPCC staff and administrators" : "Not required"}</dd>
          <dd className="govuk-summary-list__actions">
            <Link className="govuk-link" to="/settings/two-factor">
              Change<span className="govuk-visually-hidden"> whether two-factor sign-in is required</span>
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
