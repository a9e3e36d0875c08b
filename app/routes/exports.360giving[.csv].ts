import type { LoaderFunctionArgs } from "@remix-run/node";
import { PUBLIC_FILE_HEADERS, publicAccess } from "../auth/public-access.server";
import { threeSixtyCsv } from "../data/threesixty.server";

/**
 * /exports/360giving.csv: the same grants as /exports/360giving.json, flattened into the columns of
 * 360Giving's spreadsheet template; UTF-8 with a byte-order mark, cells that a spreadsheet would
 * take for a formula escaped (decision record 027). Public.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await publicAccess(request);
  const { csv, leftOut } = threeSixtyCsv();
  return new Response(csv, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="360giving.csv"',
      ...PUBLIC_FILE_HEADERS,
      "X-Grants-Left-Out": String(leftOut.length),
    },
  });
}
