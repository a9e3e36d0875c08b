/** The demo's sign-ins (db/seed.ts) the load and crash tests act as; none has a second factor. */
export const DEMO_PASSWORD = "demo-portal-2023";
export const LEADS = ["lead.melton@demo.opcc.test", "lead.charnwood@demo.opcc.test"];
export const REVIEWERS = ["reviewer@demo.opcc.test", "reviewer.two@demo.opcc.test"];
export const FINANCE = ["finance@demo.opcc.test", "finance.melton@demo.opcc.test"];
