/**
 * What `zod` is in the browser's bundle (vite.config.ts; decision record 041). Every form is
 * validated on the server — the pages work without JavaScript — but the modules that build the
 * schemas are shared with the pages' components, and a schema built at a module's top level is
 * code Rollup must keep. So in the browser `z` is this inert stand-in: building a schema does
 * nothing, and using one to validate throws, loudly, rather than pass anything.
 */
const refuse = () => {
  throw new Error("Forms are validated on the server: zod is not in the browser's bundle");
};
const VALIDATING = new Set(["parse", "safeParse", "parseAsync", "safeParseAsync", "spa"]);

// A function, so that it can be called and constructed as well as read from.
const inert: unknown = new Proxy(function inertSchema() {}, {
  get: (_target, property) => (typeof property === "string" && VALIDATING.has(property) ? refuse : inert),
  apply: () => inert,
  construct: () => inert as object,
});

export const z = inert;
