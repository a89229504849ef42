/**
 * Text that came from a trace (record values and keys are whatever a user wrote) placed into Markdown. It must
 * stay text: no HTML, no link, no code span, no broken table. The escaping is kept minimal so that the
 * Markdown still reads well in a terminal (`kcheck explain` prints it).
 */

export function mdText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\]\(/g, ']\\(');
}

/** Text for a table cell: a `|` would end the cell. */
export function mdCell(text: string): string {
  return mdText(text).replace(/\|/g, '\\|');
}
