/**
 * The batch's CSV (RFC 4180): one row per submission, in the batch's order. Columns: student, score, max, the
 * failed tests (`;`-separated), the reason of the first failure, and the counterexample traces written (`;`).
 */
export interface GradeRow {
  student: string;
  score: number;
  max: number;
  failing: string[];
  reason: string;
  traces: string[];
}

export const CSV_HEADER = ['student', 'score', 'max', 'failing_properties', 'reason', 'trace_paths'] as const;

function field(value: string | number): string {
  const text = String(value);
  // A cell a spreadsheet would take for a formula is quoted with a leading apostrophe (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function gradeCsv(rows: readonly GradeRow[]): string {
  const lines = [CSV_HEADER.join(','), ...rows.map((r) => [r.student, r.score, r.max, r.failing.join(';'), r.reason, r.traces.join(';')].map(field).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
