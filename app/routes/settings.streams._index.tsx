import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { SuccessBanner } from "../components/success-banner";
import { TableRegion } from "../components/table-region";
import { listStreamsForSettings } from "../data/streams.server";
import { lookup } from "../domain/lookup";

export const handle = { title: "Funding streams" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  return { streams: listStreamsForSettings() };
}

const BANNERS: Record<string, string> = {
  added: "The stream has been added. It is offered when a round is created.",
  saved: "The stream has been saved.",
  retired: "The stream has been retired. It is no longer offered for new rounds; its rounds stay as they are.",
  restored: "The stream is offered for new rounds again.",
};

/** The funding streams rounds are set in: add one, or change, retire or bring back one. */
export default function FundingStreams() {
  const { streams } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const banner = lookup(BANNERS, params.get("done"));
  return (
    <>
      <Link className="govuk-back-link" to="/settings">
        Back to settings
      </Link>
      {banner ? <SuccessBanner id="banner-title">{banner}</SuccessBanner> : null}
      <h1 className="govuk-heading-l">Funding streams</h1>
      <p className="govuk-body">Each round is set in a stream, whose rules its bids and grants keep.</p>
      <Link className="govuk-button" data-module="govuk-button" to="/settings/streams/new">
        Add a funding stream
      </Link>
      {streams.length === 0 ? (
        <p className="govuk-body">There are no funding streams yet. Add one before creating a round.</p>
      ) : (
        <TableRegion label="Funding streams">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Funding streams</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Stream</th>
                <th scope="col" className="govuk-table__header">Code</th>
                <th scope="col" className="govuk-table__header">Offered for new rounds</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Rounds</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {streams.map((s) => (
                <tr key={s.id} className="govuk-table__row">
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/settings/streams/${s.id}`}>
                      {s.name}
                    </Link>
                  </td>
                  <td className="govuk-table__cell">
                    <code>{s.code}</code>
                  </td>
                  <td className="govuk-table__cell">{s.retiredAt ? <strong className="govuk-tag govuk-tag--grey">Retired</strong> : "Yes"}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{s.rounds}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}
