import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Checkpoints the SQLite WAL on a worker thread, with a connection of its own, instead of inside a
 * commit on the event loop. An automatic checkpoint copies the WAL into the database file and syncs
 * it during whichever COMMIT crosses the threshold: tens of milliseconds in which nothing else
 * happens, once every few megabytes written. Here the event loop only counts commits; every
 * `everyCommits` of them a passive checkpoint (it never waits for, nor blocks, the writer) runs on
 * the worker. SQLite syncs the WAL before it copies, so what is checkpointed is on disk first.
 * Under a steady load the writer appends frames while the worker copies, so the WAL would never be
 * wholly copied and never start over: once the WAL holds `tailAfterFrames` frames, `finish` copies
 * that short tail on the connection itself. That step syncs the database file on the event loop
 * (milliseconds under load), so it is taken only when the WAL has grown, not after every checkpoint.
 *
 * The worker starts at the first checkpoint, so a process that writes little never starts one.
 * Should it fail, the main connection's own automatic checkpoint (at a higher threshold) still
 * keeps the WAL from growing without bound.
 */
export class WalCheckpointer {
  #worker: Worker | undefined;
  #commits = 0;
  #inFlight = false;
  #failed = false;
  #closed = false;
  /** Checkpoints done, for tests and metrics. */
  checkpoints = 0;

  constructor(
    private readonly databasePath: string,
    private readonly everyCommits = 128,
    /**
     * After a checkpoint on the worker that found the WAL `tailAfterFrames` long: the main connection
     * checkpoints the few frames written meanwhile, so the WAL is wholly copied and the next commit
     * starts it over from the beginning.
     */
    private readonly finish: () => void = () => undefined,
    /** Frames in the WAL (4 KiB each) from which the tail is copied and the WAL starts over: 16 MiB. */
    private readonly tailAfterFrames = 4096,
  ) {}

  /** A commit was written. */
  committed(): void {
    if (this.#closed || this.#failed || ++this.#commits < this.everyCommits || this.#inFlight) return;
    this.#commits = 0;
    this.#inFlight = true;
    this.#start().postMessage('checkpoint');
  }

  /** Stops the worker (after the checkpoint in flight); the store closes its connection afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = undefined;
    const exited = once(worker, 'exit');
    // Unreferenced, it would not keep the process alive long enough to be waited for.
    worker.ref();
    worker.postMessage('close');
    await exited;
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    // Plain CommonJS, whatever flags (loaders, --input-type) the process itself runs with.
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { path: this.databasePath, driver: createRequire(import.meta.url).resolve('better-sqlite3') } });
    worker.unref();
    worker.on('message', (result: { log?: number }) => {
      this.#inFlight = false;
      this.checkpoints++;
      if (!this.#closed && (result.log ?? 0) >= this.tailAfterFrames) this.finish();
    });
    worker.on('error', () => {
      // The main connection's automatic checkpoint takes over.
      this.#failed = true;
      this.#worker = undefined;
    });
    this.#worker = worker;
    return worker;
  }
}

/** Pages the WAL may hold before the main connection checkpoints by itself (the worker's fallback). */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  let result;
  try {
    result = db.pragma('wal_checkpoint(PASSIVE)')[0];
  } catch (err) {
    result = { error: String(err) };
  }
  parentPort.postMessage(result);
});
`;
