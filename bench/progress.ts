// A one-line progress bar on stderr (redrawn in place on a terminal, a line
// per 10 % otherwise, so logs stay short).
export interface Progress {
  update(done: number): void;
  done(note?: string): void;
}

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  const width = 30;
  let lastTenth = -1;
  let lastDraw = 0;
  const line = (done: number) => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(ratio * width);
    const seconds = (Date.now() - started) / 1000;
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${done}/${total} ${seconds.toFixed(1)}s`;
  };
  return {
    update(done) {
      if (stream.isTTY) {
        if (Date.now() - lastDraw < 100) return;
        lastDraw = Date.now();
        stream.write(`\r${line(done)}`);
      } else {
        const tenth = Math.floor((done / Math.max(1, total)) * 10);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          stream.write(`${line(done)}\n`);
        }
      }
    },
    done(note = '') {
      stream.write(`${stream.isTTY ? '\r' : ''}${line(total)}${note ? ` ${note}` : ''}\n`);
    },
  };
}
