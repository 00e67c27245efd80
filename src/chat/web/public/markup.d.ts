// Types for markup.js, so Node tests written in TypeScript can import the browser module.
import type { Span } from '../../../core/format.js';

export function parseInline(text: string): Span[];
export function plainText(text: string): string;
export function isSafeUrl(url: string): boolean;
