/**
 * Filling in a page's form as a browser would with nothing typed: every field's value as the page
 * drew it (hidden fields with their CSRF token and version, text boxes, the checked radios and
 * boxes, the chosen options). The load and crash tests change one field and post the rest back, so
 * a write goes through exactly the form a user submits.
 */

export interface ParsedForm {
  action: string | null;
  method: string;
  fields: [string, string][];
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, code: string) => {
    if (code[0] === "#") return String.fromCodePoint(code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10));
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

function attribute(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}(?:\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+)))?`, "i").exec(tag);
  if (!m) return null;
  return decodeEntities(m[1] ?? m[2] ?? m[3] ?? "");
}

/** Every form on the page, with the values it would post if submitted untouched (no button's own name). */
export function parseForms(html: string): ParsedForm[] {
  const forms: ParsedForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const open = `<form${m[1]}>`;
    const body = m[2];
    const fields: [string, string][] = [];
    // Fields in the order they appear, as a browser posts them.
    for (const f of body.matchAll(/<(input|textarea|select)\b([^>]*)>([\s\S]*?<\/\1>)?/gi)) {
      const kind = f[1].toLowerCase();
      const tag = `<${kind}${f[2]}>`;
      const name = attribute(tag, "name");
      if (!name || attribute(tag, "disabled") !== null) continue;
      if (kind === "input") {
        const type = (attribute(tag, "type") ?? "text").toLowerCase();
        if (["submit", "button", "image", "reset", "file"].includes(type)) continue;
        if ((type === "radio" || type === "checkbox") && attribute(tag, "checked") === null) continue;
        fields.push([name, attribute(tag, "value") ?? (type === "checkbox" || type === "radio" ? "on" : "")]);
      } else if (kind === "textarea") {
        const inner = /^([\s\S]*?)<\/textarea>/i.exec(f[3] ?? "")?.[1] ?? "";
        fields.push([name, decodeEntities(inner).replace(/^\n/, "")]);
      } else {
        const inner = /^([\s\S]*?)<\/select>/i.exec(f[3] ?? "")?.[1] ?? "";
        const options = [...inner.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)];
        const chosen = options.find((o) => attribute(`<option${o[1]}>`, "selected") !== null) ?? options[0];
        if (chosen) fields.push([name, attribute(`<option${chosen[1]}>`, "value") ?? decodeEntities(chosen[2]).trim()]);
      }
    }
    forms.push({ action: attribute(open, "action"), method: (attribute(open, "method") ?? "get").toLowerCase(), fields });
  }
  return forms;
}

/** The first form with a field of this name (and value, if given): the page's form for one thing. */
export function formWith(html: string, name: string, value?: string): ParsedForm | null {
  return parseForms(html).find((f) => f.fields.some(([n, v]) => n === name && (value === undefined || v === value))) ?? null;
}

/** The form's values with some replaced (or added), as a URL-encoded body. */
export function formBody(form: ParsedForm, changes: Record<string, string> = {}): string {
  const body = new URLSearchParams();
  const done = new Set<string>();
  for (const [name, value] of form.fields) {
    if (name in changes) {
      if (done.has(name)) continue;
      done.add(name);
      body.append(name, changes[name]);
    } else body.append(name, value);
  }
  for (const [name, value] of Object.entries(changes)) if (!done.has(name)) body.append(name, value);
  return body.toString();
}
