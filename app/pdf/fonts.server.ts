import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Font } from "@react-pdf/renderer";
import { PDF_FONT_FAMILY } from "./layout";

/**
 * The documents' typeface: Liberation Sans (SIL Open Font License 1.1, see fonts/OFL.txt), shipped
 * in the repository so that rendering needs no network and no system fonts. The files are read at
 * run time from app/pdf/fonts. The server (build/server/index.js, run by remix-serve) and the tests
 * both run from the repository root, so the path is resolved from the working directory first;
 * the module's own location is the fallback (source: ./fonts; built bundle: ../../app/pdf/fonts).
 */

const REGULAR = "LiberationSans-Regular.ttf";
const BOLD = "LiberationSans-Bold.ttf";

function moduleRelative(relative: string): string | null {
  try {
    return fileURLToPath(new URL(relative, import.meta.url));
  } catch {
    return null;
  }
}

export function fontDirectory(): string {
  const candidates = [
    path.resolve(process.cwd(), "app/pdf/fonts"),
    moduleRelative("./fonts/"),
    moduleRelative("../../app/pdf/fonts/"),
  ].filter((dir): dir is string => dir !== null);
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, REGULAR)) && fs.existsSync(path.join(dir, BOLD)));
  if (!found) throw new Error(`The PDF fonts (${REGULAR}, ${BOLD}) were not found in: ${candidates.join(", ")}`);
  return found;
}

let registered = false;

/** Registers the fonts once per process; safe to call before every render. */
export function registerFonts(): void {
  if (registered) return;
  const dir = fontDirectory();
  Font.register({
    family: PDF_FONT_FAMILY,
    fonts: [
      { src: path.join(dir, REGULAR), fontWeight: "normal" },
      { src: path.join(dir, BOLD), fontWeight: "bold" },
    ],
  });
  // Never break words with hyphens: names, references and amounts must stay whole.
  Font.registerHyphenationCallback((word) => [word]);
  registered = true;
}
