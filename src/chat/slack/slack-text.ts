/** Slack's text rules: `&`, `<` and `>` escaped (so nothing becomes a mention or a link), and length limits. */

export const TRUNCATED = '… (truncated, full text in the console)';

/** Slack's limits, in characters. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  header: 150,
  field: 2000,
  fields: 10,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  options: 100,
  placeholder: 150,
  fallbackText: 4000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
  privateMetadata: 3000,
} as const;

/** Escapes text for mrkdwn and plain_text: `<!channel>`, `<@U1>` and `<!subteam^S1>` become literal. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters, ending with the truncation marker; never splits an `&amp;` entity. */
export function truncate(text: string, max: number, marker = TRUNCATED): string {
  if (text.length <= max) return text;
  if (max <= marker.length) return [...text].slice(0, max - 1).join('') + '…';
  let cut = max - marker.length;
  const amp = text.lastIndexOf('&', cut);
  if (amp >= 0 && amp > cut - 6 && text.indexOf(';', amp) >= cut) cut = amp;
  // do not split a surrogate pair
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, cut) + marker;
}

/** A short label (button, option, title): cut with a plain ellipsis. */
export function clip(text: string, max: number): string {
  return truncate(text, max, '…');
}
