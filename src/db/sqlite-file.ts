// An open SQLite connection keeps writing to its file after the file is
// deleted (or replaced, say by a restore): every write would answer 201 and
// be lost at the next restart. The path is compared with the file that was
// opened (device and inode) before each write and by the readiness check.
// One stat() costs a few microseconds, less than any SQLite write, so there is
// no cache: a write right after the deletion is refused too.
import fs from 'node:fs';
import path from 'node:path';
import { ServiceUnavailableError } from '../errors.ts';

export class SqliteFileWatch {
  private opened: { dev: number; ino: number } | undefined;
  private reported = false;

  constructor(readonly file: string) {}

  /** Records the file a connection has just opened. */
  recordOpened(): void {
    const stat = fs.statSync(this.file, { throwIfNoEntry: false });
    if (stat) this.opened = { dev: stat.dev, ino: stat.ino };
  }

  /** Why writes would be lost, or undefined when the path still names the opened file. */
  problem(): string | undefined {
    if (!this.opened) return undefined;
    const stat = fs.statSync(this.file, { throwIfNoEntry: false });
    const shown = path.resolve(this.file);
    if (!stat) return `The SQLite database file ${shown} was deleted while the server was running; restart the server to open a new database there.`;
    if (stat.dev !== this.opened.dev || stat.ino !== this.opened.ino) {
      return `The SQLite database file ${shown} was replaced while the server was running; restart the server to open the new file.`;
    }
    return undefined;
  }

  /** Throws a 503 (and logs once) when the file is gone or replaced. */
  assertWritable(): void {
    const problem = this.problem();
    if (problem === undefined) return;
    if (!this.reported) {
      this.reported = true;
      console.error(`prefect-graphql: ${problem} Writes are refused until then.`);
    }
    throw new ServiceUnavailableError(problem);
  }
}
