// CSV of a table, safe to open in a spreadsheet: a cell starting with = + - @ (or a tab or
// carriage return) is prefixed with ' so it is read as text, never as a formula.
import type { Sheet } from "./download";

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function quoted(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** The sheet as CSV text (RFC 4180, CRLF), with a byte-order mark so Excel reads UTF-8 Chinese. */
export function toCsv(sheet: Sheet): string {
  const lines = [sheet.header, ...sheet.rows].map((row) => row.map((cell) => quoted(neutralise(cell))).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
