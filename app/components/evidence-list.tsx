import { useLocation } from "@remix-run/react";
import { useContext, createContext } from "react";
import { ACCEPT_ATTRIBUTE, ALLOWED_TYPES_TEXT, MAX_DESCRIPTION_LENGTH, MAX_EVIDENCE_FILES, SCAN_LABELS, evidenceTypeLabel, formatFileSize } from "../domain/evidence-rules";
import { formatDateTime } from "../domain/financial-years";
import type { EvidenceItem } from "../data/evidence.server";
import type { FormState } from "../forms/form-state";
import { PostForm } from "./post-form";
import { TableRegion } from "./table-region";

/**
 * A return's evidence files, as a table any reader of the return may see: each file's name (the
 * download link), type and size, description, who uploaded it and when, and whether it was checked
 * for viruses. With `canRemove`, each row has a Remove button (posted to the evidence page's
 * action). `EvidenceUploadForm` is the upload form; both work with JavaScript off. The files are
 * `listEvidence(returnId)`'s (app/data/evidence.server.ts).
 */

export const evidencePath = (grantId: number, returnId: number) => `/grants/${grantId}/returns/${returnId}/evidence`;
export const evidenceFilePath = (grantId: number, returnId: number, evidenceId: number) => `${evidencePath(grantId, returnId)}/${evidenceId}`;

export function EvidenceList({
  grantId,
  returnId,
  files,
  canRemove = false,
  caption = "Evidence files",
}: {
  grantId: number;
  returnId: number;
  files: EvidenceItem[];
  canRemove?: boolean;
  caption?: string;
}) {
  if (files.length === 0) {
    return (
      <>
        <h2 className="govuk-heading-m">{caption}</h2>
        <p className="govuk-body">No files have been uploaded to this return.</p>
      </>
    );
  }
  return (
    <TableRegion label={caption}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">File</th>
            <th scope="col" className="govuk-table__header">Description</th>
            <th scope="col" className="govuk-table__header">Uploaded</th>
            <th scope="col" className="govuk-table__header">Virus check</th>
            {canRemove ? (
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Remove</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {files.map((f) => (
            <tr key={f.id} className="govuk-table__row">
              <td className="govuk-table__cell">
                <a className="govuk-link portal-break-words" href={evidenceFilePath(grantId, returnId, f.id)} download>
                  {f.fileName}
                </a>
                <br />
                <span className="govuk-hint govuk-!-font-size-16">
                  {evidenceTypeLabel(f.contentType)}, {formatFileSize(f.sizeBytes)}
                </span>
              </td>
              <td className="govuk-table__cell portal-break-words">{f.description || <span className="govuk-visually-hidden">No description</span>}</td>
              <td className="govuk-table__cell">
                {f.uploadedByName}
                <br />
                <span className="govuk-!-font-size-16">{formatDateTime(f.uploadedAt)}</span>
              </td>
              <td className="govuk-table__cell">
                <strong className={`govuk-tag ${f.scan === "clean" ? "govuk-tag--green" : "govuk-tag--grey"}`}>{SCAN_LABELS[f.scan]}</strong>
              </td>
              {canRemove ? (
                <td className="govuk-table__cell">
                  <PostForm action={evidencePath(grantId, returnId)} className="govuk-!-margin-0">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="evidenceId" value={f.id} />
                    <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                      Remove<span className="govuk-visually-hidden"> {f.fileName}</span>
                    </button>
                  </PostForm>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

const UploadState = createContext<FormState | undefined>(undefined);
export const EvidenceUploadStateProvider = UploadState.Provider;

/**
 * The upload form (the GOV.UK file upload component): the CSRF token comes first in the body
 * (PostForm), then the file, then its description. `remaining` is how many more files the return takes.
 */
export function EvidenceUploadForm({ grantId, returnId, remaining }: { grantId: number; returnId: number; remaining: number }) {
  const state = useContext(UploadState);
  // A new form after every upload, so the file just sent is not still chosen.
  const { key } = useLocation();
  const fileError = state?.errors.file;
  const descriptionError = state?.errors.description;
  const description = typeof state?.values.description === "string" ? state.values.description : "";
  const describedBy = (id: string, error?: string) => [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <PostForm key={key} action={evidencePath(grantId, returnId)} encType="multipart/form-data" noValidate>
      <h2 className="govuk-heading-m">Upload a file</h2>
      <div className={`govuk-form-group${fileError ? " govuk-form-group--error" : ""}`}>
        <label className="govuk-label govuk-label--s" htmlFor="file">
          Choose a file
        </label>
        <div id="file-hint" className="govuk-hint">
          An invoice, a receipt, a photo of the work or a spreadsheet of spend: a {ALLOWED_TYPES_TEXT} file smaller than 10 MB. A return can have up to {MAX_EVIDENCE_FILES} files; this one can take {remaining} more.
        </div>
        {fileError ? (
          <p id="file-error" className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {fileError}
          </p>
        ) : null}
        <input className={`govuk-file-upload${fileError ? " govuk-file-upload--error" : ""}`} id="file" name="file" type="file" accept={ACCEPT_ATTRIBUTE} aria-describedby={describedBy("file", fileError)} />
      </div>
      <div className={`govuk-form-group${descriptionError ? " govuk-form-group--error" : ""}`}>
        <label className="govuk-label govuk-label--s" htmlFor="description">
          Describe the file (optional)
        </label>
        <div id="description-hint" className="govuk-hint">
          For example, “WCCTV invoice for the help point, March 2024”. Up to {MAX_DESCRIPTION_LENGTH} characters.
        </div>
        {descriptionError ? (
          <p id="description-error" className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {descriptionError}
          </p>
        ) : null}
        <textarea className={`govuk-textarea${descriptionError ? " govuk-textarea--error" : ""}`} id="description" name="description" rows={2} defaultValue={description} aria-describedby={describedBy("description", descriptionError)} />
      </div>
      <button type="submit" className="govuk-button" data-module="govuk-button">
        Upload file
      </button>
    </PostForm>
  );
}
