import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { publicAccess } from "../auth/public-access.server";
import { TableRegion } from "../components/table-region";
import { SESSION_IDLE_MINUTES, SESSION_MAX_HOURS } from "../auth/session.server";
import { DEVICE_COOKIE_DAYS } from "../auth/device.server";
import { useLoaderData } from "@remix-run/react";

/**
 * /cookies: the cookies the portal sets. All are essential — they keep you signed in and protect
 * the forms — so the portal asks no consent and sets no analytics or advertising cookies.
 */

export const handle = { title: "Cookies" };

export async function loader({ request }: LoaderFunctionArgs) {
  const access = await publicAccess(request);
  return data({ maxHours: SESSION_MAX_HOURS, idleMinutes: SESSION_IDLE_MINUTES, deviceDays: DEVICE_COOKIE_DAYS }, { headers: access.headers });
}

export const headers: HeadersFunction = ({ loaderHeaders }) => ({ "Cache-Control": loaderHeaders.get("Cache-Control") ?? "no-store", Vary: "Cookie" });

export default function Cookies() {
  const { maxHours, idleMinutes, deviceDays } = useLoaderData<typeof loader>();
  const rows = [
    { name: "portal_session", purpose: `Keeps you signed in. It ends when you sign out, after ${idleMinutes} minutes without using the service, or ${maxHours} hours after you signed in.`, expires: `${maxHours} hours` },
    { name: "portal_visit", purpose: "Set when you open the sign-in page, so that the sign-in form can be checked as sent from this service and not from another website.", expires: "When you close your browser" },
    {
      name: "portal_device",
      purpose: "Remembers that you have signed in from this browser before, so that someone trying to guess your password elsewhere cannot lock you out of it.",
      expires: `${deviceDays} days`,
    },
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Cookies</h1>
        <p className="govuk-body">Cookies are small files saved on your phone, tablet or computer when you visit a website.</p>
        <p className="govuk-body">
          This service uses only essential cookies: they make it work and keep your account safe, so they do not need your consent. It sets no cookies to measure how you use it, and no
          advertising cookies. Nothing is shared with anyone else.
        </p>
        <h2 className="govuk-heading-m">Essential cookies</h2>
        <TableRegion label="Essential cookies">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">The cookies this service sets</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Name</th>
                <th scope="col" className="govuk-table__header">Purpose</th>
                <th scope="col" className="govuk-table__header">Expires</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {rows.map((r) => (
                <tr className="govuk-table__row" key={r.name}>
                  <td className="govuk-table__cell">
                    <code>{r.name}</code>
                  </td>
                  <td className="govuk-table__cell">{r.purpose}</td>
                  <td className="govuk-table__cell">{r.expires}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
        <p className="govuk-body">The public pages, such as the published grants, set no cookies at all.</p>
      </div>
    </div>
  );
}
