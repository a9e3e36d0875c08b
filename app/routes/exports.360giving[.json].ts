import type { LoaderFunctionArgs } from "@remix-run/node";
import { PUBLIC_FILE_HEADERS, publicAccess } from "../auth/public-access.server";
import { threeSixtyFile } from "../data/threesixty.server";

/**
 * /exports/360giving.json: the published grants as a 360Giving data package (decision record 027).
 * Public and the same for everyone; grants failing a quality check are left out and counted in
 * the package's description.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await publicAccess(request);
  const file = threeSixtyFile();
  return new Response(JSON.stringify(file.package, null, 2), {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="360giving.json"',
      ...PUBLIC_FILE_HEADERS,
      "X-Grants-Left-Out": String(file.leftOut.length),
    },
  });
}
