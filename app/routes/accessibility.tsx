import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { publicAccess } from "../auth/public-access.server";
import { SERVICE_NAME } from "../components/document-title";
import { opccName } from "../data/opcc-settings.server";
import { contactEmail } from "../data/public-pages.server";

/**
 * /accessibility: the accessibility statement, in the form of the GOV.UK model statement
 * (Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018).
 * Public; cacheable like the other public pages.
 */

export const handle = { title: "Accessibility statement" };

export async function loader({ request }: LoaderFunctionArgs) {
  const access = await publicAccess(request);
  return data({ opcc: opccName(), contact: contactEmail() }, { headers: access.headers });
}

export const headers: HeadersFunction = ({ loaderHeaders }) => ({ "Cache-Control": loaderHeaders.get("Cache-Control") ?? "no-store", Vary: "Cookie" });

export default function Accessibility() {
  const { opcc, contact } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement for {SERVICE_NAME}</h1>
        <p className="govuk-body">
          This statement applies to the {SERVICE_NAME} portal of the {opcc}, where community safety partnerships bid for funding and report on their grants, and where the published grants
          are shown.
        </p>
        <p className="govuk-body">We want as many people as possible to be able to use this service. For example, that means you should be able to:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>change colours, contrast levels and fonts using your browser or device settings</li>
          <li>zoom in up to 400% without the text spilling off the screen</li>
          <li>navigate most of the service using just a keyboard or speech recognition software</li>
          <li>listen to most of the service using a screen reader</li>
          <li>use every page with JavaScript turned off</li>
        </ul>
        <p className="govuk-body">We have also made the text as simple as we can to understand.</p>

        <h2 className="govuk-heading-m">How accessible this service is</h2>
        <p className="govuk-body">We know some parts of this service are not fully accessible:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>the PDF documents it makes (bids, decision records, offer letters, reports) are not tagged, so a screen reader may read their tables in the wrong order — the same information is on the web pages</li>
          <li>spreadsheets downloaded from the service depend on the accessibility of the program you open them in</li>
        </ul>

        <h2 className="govuk-heading-m">Feedback and contact information</h2>
        <p className="govuk-body">
          If you need information on this service in a different format, such as accessible PDF, large print, easy read, audio recording or braille, email{" "}
          <a className="govuk-link" href={`mailto:${contact}`}>
            {contact}
          </a>
          . We will consider your request and get back to you in 10 working days.
        </p>

        <h2 className="govuk-heading-m">Reporting accessibility problems with this service</h2>
        <p className="govuk-body">
          We are always looking to improve the accessibility of this service. If you find any problems not listed on this page or think we are not meeting accessibility requirements, email{" "}
          <a className="govuk-link" href={`mailto:${contact}`}>
            {contact}
          </a>
          .
        </p>

        <h2 className="govuk-heading-m">Enforcement procedure</h2>
        <p className="govuk-body">
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the
          accessibility regulations). If you are not happy with how we respond to your complaint, contact the{" "}
          <a className="govuk-link" href="https://www.equalityadvisoryservice.com/">
            Equality Advisory and Support Service (EASS)
          </a>
          .
        </p>

        <h2 className="govuk-heading-m">Technical information about this service&apos;s accessibility</h2>
        <p className="govuk-body">The {opcc} is committed to making this service accessible, in accordance with the accessibility regulations.</p>
        <h3 className="govuk-heading-s">Compliance status</h3>
        <p className="govuk-body">
          This service is partially compliant with the{" "}
          <a className="govuk-link" href="https://www.w3.org/TR/WCAG22/">
            Web Content Accessibility Guidelines version 2.2
          </a>{" "}
          AA standard, due to the non-compliances listed below.
        </p>
        <h3 className="govuk-heading-s">Non-accessible content</h3>
        <p className="govuk-body">
          The PDF documents the service makes are not tagged for assistive technology (WCAG 2.2 success criterion 1.3.1, info and relationships). Every PDF repeats information that is on an
          accessible web page of the service. We plan to tag them.
        </p>

        <h2 className="govuk-heading-m">How we tested this service</h2>
        <p className="govuk-body">
          Every page is checked automatically with axe-core against WCAG 2.2 A and AA on each change, with JavaScript on and off, and at a screen width of 320 pixels. This statement was prepared
          on 1 December 2026. It was last reviewed on 1 December 2026.
        </p>
      </div>
    </div>
  );
}
