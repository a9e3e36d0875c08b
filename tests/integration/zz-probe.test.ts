import { it, expect } from "vitest";
import * as edit from "../../app/routes/bids.$bidId.edit.$section";
import * as login from "../../app/routes/login";
import { request, run } from "../support/requests";

it("probe", async () => {
  for (const idx of [1000, 100000, 1000000, 10000000]) {
    const t = Date.now();
    const res = await run<any>(edit.action, await request("meltonLead", "/bids/7/edit/costs", { version: "1", [`costs.${idx}.description`]: "x" }), { bidId: "7", section: "costs" });
    console.log(idx, res.status, JSON.stringify(res.data?.errors), Date.now() - t, "ms");
  }
  const r = await run<any>(edit.action, await request("meltonLead", "/bids/7/edit/costs", { version: "1", "costs.0.description": "x", "costs.0.quantity": "12,34.5", "costs.0.unitPrice": "1", "costs.0.expenditureType": "revenue", "costs.0.recurrence": "one_off", "costs.0.financialYearId": "1" }), { bidId: "7", section: "costs" });
  console.log("12,34.5", r.status, r.location, JSON.stringify(r.data));
  const l = await run<any>(login.action, await request(null, "/login", { email: "lead.melton@demo.opcc.test", password: "demo-portal-2023", redirectTo: "/\t/evil.example" }));
  console.log("tab", l.status, JSON.stringify(l.location), new URL(l.location!, "https://portal.example").href);
});
