/**
 * The runner's stderr: whole lines, and on a terminal one progress line that
 * the page's progress rewrites in place (elsewhere, a log gets each step once).
 */
export const err = (line: string): void => void process.stderr.write(`${line}\n`);

export class StatusLine {
  private label = '';

  constructor(private readonly tty: boolean = process.stderr.isTTY) {}

  /** A step starts: on a terminal its label leads the progress line; elsewhere `announce` is printed. */
  begin(label: string, announce: string = label): void {
    this.label = label;
    if (!this.tty) err(announce);
  }

  /** The page's progress within the current step (a terminal only). */
  progress(text: string): void {
    if (this.tty) process.stderr.write(`\r\x1b[2K${this.label} ${text}`);
  }

  /** The step is over: clear the progress line before the step's own lines. */
  end(): void {
    if (this.tty) process.stderr.write('\r\x1b[2K');
  }
}
