/** A runbook as parsed from `runbooks/*.md`. The loader lives in `src/runbooks/`. */
import type { LabelMatcher, SeverityId } from './policy.js';

export const STEP_KINDS = ['diagnose', 'mitigate', 'resolve', 'verify', 'communicate'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface RunbookCommand {
  language?: string;
  code: string;
}

export interface RunbookOption {
  title: string;
  /** Inline markup (see format.ts). */
  text: string;
  commands: RunbookCommand[];
}

export interface RunbookStep {
  /** 0-based position in the runbook. */
  index: number;
  kind: StepKind;
  title: string;
  /** Inline markup (see format.ts); paragraphs separated by blank lines. */
  text: string;
  commands: RunbookCommand[];
  /** Alternatives, for `resolve` steps: "do one of these". */
  options: RunbookOption[];
}

export interface RunbookMatch {
  source?: string;
  alertname?: string;
  labels?: LabelMatcher;
}

export interface Runbook {
  id: string;
  title: string;
  summary: string;
  severity?: SeverityId;
  /** An alert matches the runbook when it matches any entry. */
  match: RunbookMatch[];
  steps: RunbookStep[];
  /** Where it was loaded from, for error messages. */
  file: string;
}
