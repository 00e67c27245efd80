/** Something wrong in a runbook file, pointing at the line to fix. */
export interface RunbookProblem {
  file: string;
  /** 1-based line in the file; 0 when the problem is the file or folder itself. */
  line: number;
  message: string;
}
