// Errors shared by the library, the CLI and the web app. An InputError names the file, line and
// column of bad input (1-based; 0 = not applicable) so every front end can print it the same way.

export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number | string,
    readonly detail: string,
  ) {
    super(`${file}${line > 0 ? `:${line}` : ''}${column !== 0 && column !== '' ? ` (column ${column})` : ''}: ${detail}`);
    this.name = 'InputError';
  }
}

/** A method that cannot give a trustworthy number (non-convergence, unsupported input) says so. */
export class EstimationError extends Error {
  constructor(
    readonly method: string,
    readonly detail: string,
  ) {
    super(`${method}: ${detail}`);
    this.name = 'EstimationError';
  }
}
