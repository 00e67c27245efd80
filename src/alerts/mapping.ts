import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AlertLink } from '../core/alert.js';

export const TITLE_MAX = 200;
export const SUMMARY_MAX = 4000;

/** Trims and caps at `max` characters (code points), ending with `…` when cut. */
export function clip(text: string, max: number): string {
  const trimmed = text.trim();
  const chars = Array.from(trimmed);
  return chars.length <= max ? trimmed : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

export const toTitle = (text: string): string => clip(text, TITLE_MAX);
export const toSummary = (text: string): string => clip(text, SUMMARY_MAX);

/** First argument that is a non-blank string. */
export function firstText(...values: (string | null | undefined)[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string' && v.trim() !== '');
}

/** Short stable hash (hex) of a string, for keys a source does not provide. */
export function stableHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

/** Stable hash of a label set, independent of key order. */
export function hashLabels(labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((key) => [key, labels[key]]);
  return stableHash(JSON.stringify(sorted));
}

/** A scalar that becomes a string label value (numbers and booleans coerced, null → ''). */
export const labelValue = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .transform((v) => (v === null ? '' : String(v)));

/** `{ name: scalar }` → `Record<string, string>`. */
export const labelMap = z.record(z.string(), labelValue);

/** A scalar id that arrives as a string or a number. */
export const idValue = z.union([z.string().min(1), z.number()]).transform(String);

/** Date string → epoch ms; Go's zero time (`0001-01-01T00:00:00Z`) and blanks mean "none". */
export function toEpochMs(text: string | null | undefined): number | undefined {
  if (!text || text.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A date-time string that `Date.parse` understands (Go's zero time included). */
export const dateText = z.string().refine((v) => v.startsWith('0001-01-01') || !Number.isNaN(Date.parse(v)), {
  message: 'Expected an ISO 8601 date-time',
});

export type LinkPair = [label: string, url: string | null | undefined, kind?: 'image'];

/** Only http(s) URLs become links (a `javascript:` URL must never reach a chat or the console). */
export function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    // not a URL at all: the link is dropped, nothing else to do
    return false;
  }
}

/** Builds links from `[label, url]` pairs (`'image'` third: a picture), dropping blanks, non-http(s) URLs and duplicates. */
export function toLinks(pairs: LinkPair[]): AlertLink[] {
  const links: AlertLink[] = [];
  for (const [label, url, kind] of pairs) {
    const trimmed = url?.trim();
    if (!trimmed || !isHttpUrl(trimmed) || links.some((l) => l.url === trimmed)) continue;
    links.push(kind === 'image' ? { label, url: trimmed, image: true } : { label, url: trimmed });
  }
  return links;
}

/** Drops undefined/blank entries so labels stay `Record<string, string>`. */
export function compactLabels(entries: Record<string, string | null | undefined>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (typeof value === 'string' && value.trim() !== '') labels[key] = value;
  }
  return labels;
}
