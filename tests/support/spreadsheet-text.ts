import ExcelJS from "exceljs";

/** Every cell of every sheet of a workbook as text, a row to a line, as someone opening it would read it. */
export async function spreadsheetText(bytes: Uint8Array): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const lines: string[] = [];
  for (const sheet of workbook.worksheets) {
    lines.push(sheet.name);
    sheet.eachRow((row) => lines.push((row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? ""))).join("\t")));
  }
  return lines.join("\n");
}
