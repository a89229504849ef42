/**
 * Text that came from a trace (record values and keys are whatever a user wrote) placed into Markdown. It must
 * stay text: no HTML, no link, no code span, no broken table, no control or bidi character (displayText). The
 * escaping is kept minimal so that the Markdown still reads well in a terminal (`kcheck explain` prints it).
 */
import { displayText } from '../text/display-text.ts';

/** A backslash escapes only ASCII punctuation (and breaks a line at the end of one): elsewhere, as in the `\x1b`
 * that displayText writes, it is shown as it is and needs no escape. */
const MD_SPECIAL = /\\(?=[!-/:-@[-`{-~]|$)|[`*]/g;

export function mdText(text: string): string {
  return displayText(text)
    .replace(MD_SPECIAL, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\]\(/g, ']\\(');
}

/** Text for a table cell: a `|` would end the cell. */
export function mdCell(text: string): string {
  return mdText(text).replace(/\|/g, '\\|');
}
