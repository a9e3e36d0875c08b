import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "../auth/access.server";
import { Pagination } from "../components/pagination";
import { listOutbox } from "../data/notifications.server";
import { formatDateTime } from "../domain/financial-years";
import { parseSearchParams } from "../forms/form-state";

export const handle = { title: "Outbox" };

const query = z.object({ page: z.string().optional().transform((v) => (v && /^\d{1,6}$/.test(v) && Number(v) >= 1 ? Number(v) : 1)) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "outbox:read");
  const { page } = parseSearchParams(new URL(request.url), query);
  return { page, outbox: listOutbox(page), smtp: Boolean(process.env.SMTP_HOST) };
}

export default function Outbox() {
  const { page, outbox, smtp } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Outbox</h1>
      <p className="govuk-body">
        {smtp
          ? "E-mails the portal has sent, or tried to send, newest first."
          : "No SMTP server is set (SMTP_HOST), so e-mails are kept here instead of being sent. Newest first."}
      </p>
      {outbox.rows.length === 0 ? (
        <p className="govuk-body">No messages yet.</p>
      ) : (
        outbox.rows.map((m) => (
          <div key={m.id} className="govuk-summary-card">
            <div className="govuk-summary-card__title-wrapper">
              <h2 className="govuk-summary-card__title">{m.subject}</h2>
            </div>
            <div className="govuk-summary-card__content">
              <dl className="govuk-summary-list">
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">To</dt>
                  <dd className="govuk-summary-list__value">{m.to}</dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Written</dt>
                  <dd className="govuk-summary-list__value">{formatDateTime(m.createdAt)}</dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Sent</dt>
                  <dd className="govuk-summary-list__value">{m.sentAt ? formatDateTime(m.sentAt) : m.error ? `Failed: ${m.error}` : "Not sent"}</dd>
                </div>
              </dl>
              <pre className="govuk-body portal-pre-wrap">
                {m.body}
              </pre>
            </div>
          </div>
        ))
      )}
      <Pagination page={page} pages={outbox.pages} hrefFor={(p) => `/outbox?page=${p}`} />
    </>
  );
}
