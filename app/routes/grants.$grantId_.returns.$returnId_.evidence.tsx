import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, refusingClosedYears, requireReturn } from "../auth/access.server";
import { YearClosedBanner } from "../components/year-closed-banner";
import { isMultipartForm } from "../auth/csrf.server";
import { EvidenceList, EvidenceUploadForm, EvidenceUploadStateProvider, evidencePath } from "../components/evidence-list";
import { ErrorSummary } from "../components/form-fields";
import { SuccessBanner } from "../components/success-banner";
import { countEvidence, evidenceFileName, grantTitleOf, keepEvidence, listEvidence, removeEvidence, takesFiles } from "../data/evidence.server";
import { discardTemp } from "../data/evidence-files.server";
import { discardBody, readEvidenceUpload } from "../data/evidence-upload.server";
import { hasPermission } from "../domain/access-rules";
import { returnClosure } from "../data/year-lock.server";
import { YearClosedError, yearClosedMessage } from "../domain/year-lock";
import { EVIDENCE_MESSAGES, MAX_EVIDENCE_FILES } from "../domain/evidence-rules";
import { RETURN_STATUS_LABELS } from "../domain/return-lifecycle";
import { returnPeriodLabel } from "../domain/return-periods";
import { parseForm, readForm, type FormState } from "../forms/form-state";

/**
 * /grants/:grantId/returns/:returnId/evidence: a return's evidence files. Everyone who may read
 * the return sees the list and downloads the files; the partnership's lead uploads and removes
 * files while the return takes changes (not started, in progress, queried). An upload is a
 * multipart form streamed to disk (app/data/evidence-upload.server.ts); removing is a plain form.
 *
 * (The file name's `$grantId_` and `$returnId_` keep this page from being drawn inside the grant's
 * and the return's pages, which have no outlet for it; the address is the same.)
 */

export const handle = { title: (d: { ret: { label: string } } | undefined) => (d ? `Evidence: ${d.ret.label} return` : "Evidence") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, grant, grantReturn } = await requireReturn(request, params, "return:read");
  const title = grantTitleOf(grant.id);
  if (!title) notFound();
  const files = listEvidence(grantReturn.id);
  const closure = returnClosure(grantReturn.id);
  const editable = takesFiles({ status: grantReturn.status, withdrawnAt: grant.withdrawnAt }) && !closure;
  const canChange = hasPermission(user, "return:edit") && editable;
  return {
    grant: { id: grant.id, title: title.title, cspName: title.cspName },
    ret: { id: grantReturn.id, label: returnPeriodLabel(grantReturn.startYear, grantReturn.quarter), status: RETURN_STATUS_LABELS[grantReturn.status], editable, withdrawn: grant.withdrawnAt !== null },
    files,
    canChange,
    yearClosed: closure ? yearClosedMessage(closure) : null,
    mayEdit: hasPermission(user, "return:edit"),
    remaining: Math.max(0, MAX_EVIDENCE_FILES - files.length),
    banner: bannerFor(new URL(request.url).searchParams, grantReturn.id),
  };
}

function bannerFor(search: URLSearchParams, returnId: number): string | null {
  for (const [param, done] of [["uploaded", "uploaded"], ["removed", "removed"]] as const) {
    const raw = search.get(param);
    if (!raw || !/^\d{1,10}$/.test(raw)) continue;
    const name = evidenceFileName(returnId, Number(raw));
    if (name) return `${name} has been ${done}`;
  }
  return null;
}

const fileError = (message: string, values: FormState["values"] = {}, status = 400) => data<FormState>({ values, errors: { file: message } }, { status });
const formError = (message: string, status = 409) => data<FormState>({ values: {}, errors: {}, formError: message }, { status });

export const action = refusingClosedYears(async ({ request, params }: ActionFunctionArgs) => {
  if (isMultipartForm(request)) return upload(request, params);
  const { user, grantReturn } = await requireReturn(request, params, "return:edit");
  const parsed = parseForm(await readForm(request), z.object({ intent: z.literal("remove"), evidenceId: z.coerce.number().int().positive().max(2_147_483_647) }));
  if (!parsed.ok) return formError("Choose a file to remove from the list.", 400);
  const result = await removeEvidence(grantReturn.id, parsed.data.evidenceId, user.userId);
  switch (result.kind) {
    case "removed":
      return redirect(`${evidencePath(grantReturn.grantId, grantReturn.id)}?removed=${parsed.data.evidenceId}`);
    case "not_found":
      return notFound();
    case "already_removed":
      return formError(EVIDENCE_MESSAGES.alreadyRemoved);
    case "not_editable":
      return formError(EVIDENCE_MESSAGES.notEditable);
  }
});

async function upload(request: Request, params: ActionFunctionArgs["params"]) {
  let access: Awaited<ReturnType<typeof requireReturn>>;
  try {
    // The token is in the streamed body: the reader checks it before it writes anything.
    access = await requireReturn(request, params, "return:edit", { csrf: "in-multipart-body" });
  } catch (refused) {
    await discardBody(request);
    throw refused;
  }
  const { user, grant, grantReturn } = access;
  // A closed year is refused before the file is streamed (and again in the write).
  const closure = returnClosure(grantReturn.id);
  if (closure) {
    await discardBody(request);
    throw new YearClosedError(closure);
  }
  const full = countEvidence(grantReturn.id) >= MAX_EVIDENCE_FILES;
  const editable = takesFiles({ status: grantReturn.status, withdrawnAt: grant.withdrawnAt });
  // Read (and token-checked) even when it will be refused, but then the file is not written.
  const form = await readEvidenceUpload(request, { keepFile: editable && !full });
  const values = { description: form.description };
  if (!editable) return formError(EVIDENCE_MESSAGES.notEditable);
  if (full) return fileError(EVIDENCE_MESSAGES.tooMany, values);
  if (form.descriptionTooLong) {
    if (form.file) await discardTemp(form.file.received);
    return data<FormState>({ values, errors: { description: EVIDENCE_MESSAGES.descriptionTooLong } }, { status: 400 });
  }
  if (form.broken) return fileError("The selected file could not be uploaded: try again", values);
  if (!form.file) return fileError(EVIDENCE_MESSAGES.noFile, values);
  const kept = await keepEvidence(form.file.received, { returnId: grantReturn.id, userId: user.userId, fileName: form.file.name, description: form.description });
  if (kept.kind === "refused") return fileError(kept.message, values);
  return redirect(`${evidencePath(grantReturn.grantId, grantReturn.id)}?uploaded=${kept.id}`);
}

export default function Evidence() {
  const { grant, ret, files, canChange, mayEdit, remaining, banner, yearClosed } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <>
      <Link className="govuk-back-link" to={`/grants/${grant.id}/returns/${ret.id}`}>
        Back to the return
      </Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-full">
          <ErrorSummary state={state} order={["file", "description"]} />
          {banner && !state ? <SuccessBanner id="evidence-done">{banner}</SuccessBanner> : null}
          <YearClosedBanner message={yearClosed} />
          <span className="govuk-caption-l">
            {grant.title} · {grant.cspName}
          </span>
          <h1 className="govuk-heading-l">Evidence for the {ret.label} return</h1>
          <p className="govuk-body">
            Invoices, receipts, photos of the work and spreadsheets of spend that back up this return. The return is <strong>{ret.status.toLowerCase()}</strong>.
          </p>
          <EvidenceList grantId={grant.id} returnId={ret.id} files={files} canRemove={canChange} />
          {canChange ? (
            // Still shown after a refused upload, so the error summary's link has its field.
            remaining > 0 || state?.errors.file ? (
              <EvidenceUploadStateProvider value={state}>
                <EvidenceUploadForm grantId={grant.id} returnId={ret.id} remaining={remaining} />
              </EvidenceUploadStateProvider>
            ) : (
              <p className="govuk-body">This return has {MAX_EVIDENCE_FILES} files, the most it can have: remove one before you upload another.</p>
            )
          ) : yearClosed ? null : mayEdit && ret.withdrawn ? (
            <p className="govuk-body">The grant has been withdrawn: files can no longer be added or removed.</p>
          ) : mayEdit && !ret.editable ? (
            <p className="govuk-body">Files cannot be added or removed now that the return has been {ret.status.toLowerCase()}. If the OPCC queries it, you can add more.</p>
          ) : null}
        </div>
      </div>
    </>
  );
}
