/** What every chat says when the store cannot take a command: clear, private, and safe to retry. */
export const STORE_TROUBLE_TEXT = '⚠️ Firebreak cannot write to its database right now, so nothing was changed. Please try again in a minute.';
