import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { notFound, parseId, requireReturn } from "../auth/access.server";
import { openStoredFile } from "../data/evidence-files.server";
import { findEvidence } from "../data/evidence.server";
import { contentDisposition } from "../domain/evidence-rules";

/**
 * /grants/:grantId/returns/:returnId/evidence/:evidenceId: an evidence file, for anyone who may
 * read the return (another partnership's is not found). Always a download, never shown in the
 * portal's own pages: `attachment`, the type found in its content when it was uploaded, `nosniff`,
 * and kept by no cache. Streamed from disk.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { grantReturn } = await requireReturn(request, params, "return:read");
  const evidence = findEvidence(grantReturn.id, parseId(params.evidenceId));
  if (!evidence) notFound();
  const file = await openStoredFile(evidence.storedName);
  if (!file) notFound();
  return new Response(createReadableStreamFromReadable(file.stream), {
    status: 200,
    headers: {
      "Content-Type": evidence.contentType,
      "Content-Length": String(file.size),
      "Content-Disposition": contentDisposition(evidence.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      // Were it ever opened in place, it could run nothing and reach nothing.
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
