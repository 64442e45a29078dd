// CSV as RFC 4180 writes it (CRLF rows, fields quoted when they hold a quote, comma or line break),
// with text cells defused against spreadsheet formula injection (OWASP "CSV injection").

export type CsvCell = string | number | boolean | null | undefined;

/** Characters that make Excel, LibreOffice or Sheets read a cell as a formula. */
const FORMULA_TRIGGERS = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // A leading apostrophe makes a spreadsheet show the text as text; numbers above are never touched.
  const text = FORMULA_TRIGGERS.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
