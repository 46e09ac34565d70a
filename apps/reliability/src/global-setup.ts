import { clearFigures, formatReport, readFigures } from './report.js';

/** Starts each run with no figures, and prints the report once every file has run. */
export default function setup(): () => void {
  clearFigures();
  return () => {
    process.stdout.write(`${formatReport(readFigures())}\n`);
  };
}
