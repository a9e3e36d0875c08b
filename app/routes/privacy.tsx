import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { publicAccess } from "../auth/public-access.server";
import { SERVICE_NAME } from "../components/document-title";
import { opccName } from "../data/opcc-settings.server";
import { contactEmail, privacyNotice } from "../data/public-pages.server";

/**
 * /privacy: what personal data the portal holds and why. The OPCC writes its own notice at
 * /settings/privacy (its data protection officer's words); until then this default is shown.
 */

export const handle = { title: "Privacy notice" };

export async function loader({ request }: LoaderFunctionArgs) {
  const access = await publicAccess(request);
  const own = privacyNotice();
  return data({ opcc: opccName(), contact: contactEmail(), paragraphs: own ? own.split(/\r?\n\s*\r?\n/).map((p) => p.trim()).filter(Boolean) : null }, { headers: access.headers });
}

export const headers: HeadersFunction = ({ loaderHeaders }) => ({ "Cache-Control": loaderHeaders.get("Cache-Control") ?? "no-store", Vary: "Cookie" });

export default function Privacy() {
  const { opcc, contact, paragraphs } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Privacy notice</h1>
        {paragraphs ? (
          <div id="privacy-notice">
            {paragraphs.map((p, i) => (
              <p className="govuk-body portal-pre-wrap" key={i}>
                {p}
              </p>
            ))}
          </div>
        ) : (
          <div id="privacy-notice">
            <p className="govuk-body">
              The {opcc} is the controller of the personal data held in the {SERVICE_NAME} portal. This notice says what the portal holds, why, and for how long.
            </p>
            <h2 className="govuk-heading-m">What the portal holds</h2>
            <ul className="govuk-list govuk-list--bullet">
              <li>the name, work e-mail address, role and organisation of each person with an account, when they last signed in, and a record of sign-in attempts (kept for up to 91 days)</li>
              <li>what each person did in the portal, and when: the audit trail of bids, reviews, decisions, grants, returns and payments</li>
              <li>anything a partnership writes in a bid or a return, and the evidence files it uploads, which may name people (for example the holder of a funded post)</li>
              <li>the names of the people who accept grant offers and certify returns on behalf of councils</li>
            </ul>
            <h2 className="govuk-heading-m">Why</h2>
            <p className="govuk-body">
              To make and manage crime and disorder reduction grants under section 9 of the Police Reform and Social Responsibility Act 2011, and to publish the grants the PCC makes as the
              Elected Local Policing Bodies (Specified Information) Order 2011 requires. The lawful basis is the PCC&apos;s public task (UK GDPR article 6(1)(e)). The published grants contain no
              personal data beyond the name of the office holder who decided them.
            </p>
            <h2 className="govuk-heading-m">Who sees it</h2>
            <p className="govuk-body">
              Each partnership sees its own bids and grants; the OPCC&apos;s staff see all of them. Nothing is sold or shared for any other purpose. E-mails the portal sends go through the OPCC&apos;s
              e-mail service.
            </p>
            <h2 className="govuk-heading-m">How long it is kept</h2>
            <p className="govuk-body">Grant records are kept for as long as the OPCC&apos;s records retention schedule requires for financial records. Accounts that are no longer needed are deactivated; their history stays with the records it belongs to.</p>
            <h2 className="govuk-heading-m">Your rights</h2>
            <p className="govuk-body">
              You may ask to see the personal data held about you, to have it corrected, or to object to its use. Email{" "}
              <a className="govuk-link" href={`mailto:${contact}`}>
                {contact}
              </a>
              . If you are unhappy with the answer, you may complain to the Information Commissioner&apos;s Office.
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
