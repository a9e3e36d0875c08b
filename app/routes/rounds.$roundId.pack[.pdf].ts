import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, parseId, requireUser } from "../auth/access.server";
import { meetingPack } from "../data/meeting-pack.server";
import { meetingPackTitle } from "../pdf/meeting-pack-document";
import { pdfDocumentResponse } from "../pdf/pool.server";
import { pdfOpcc } from "../data/opcc-settings.server";

/**
 * /rounds/3/pack.pdf: the PCC's decision-meeting pack for a round, for OPCC staff who read reviews;
 * `?part=2` a part of a large round's (meetingPackParts; the round's page links each). Made in the
 * PDF worker pool (decision record 29): a round of hundreds of bids takes seconds to lay out, and
 * no one else's page waits for it. An unknown or malformed round or part is not found.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "review:read");
  const partParam = new URL(request.url).searchParams.get("part");
  const part = partParam === null ? 1 : /^\d{1,6}$/.test(partParam) ? Number(partParam) : 0;
  const pack = meetingPack(parseId(params.roundId), new Date(), { part });
  if (!pack) notFound();
  return pdfDocumentResponse("pack", { pack, opcc: pdfOpcc() }, `${meetingPackTitle(pack)}.pdf`, { timeoutMs: 180_000 });
}
