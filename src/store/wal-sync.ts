import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Flushes at once at most. A commit made while one flush is in flight need not wait for it to end
 * before its own begins (the disk takes both together); beyond two, flushes are shared.
 */
const MAX_IN_FLIGHT = 2;

/**
 * Makes SQLite commits durable without stopping the event loop.
 *
 * The connection runs with `synchronous=NORMAL` in WAL mode: a COMMIT writes its WAL frames (into
 * the OS page cache) and returns, without the fsync `synchronous=FULL` would do on the event loop.
 * Before anyone hears that a commit succeeded, `sync()` flushes the WAL file with `fdatasync` on
 * libuv's thread pool. While a flush is in flight the event loop keeps accepting work and the next
 * group commit is written; its flush begins at once beside the first (two at most), and beyond that
 * one later flush covers every commit written meanwhile. A caller is
 * answered only after a flush that started after its commit, so "acknowledged" still means "on
 * disk", as with `synchronous=FULL` (which also syncs only the WAL at commit; checkpoints sync the
 * WAL and the database file themselves, in both modes).
 *
 * SQLite keeps the WAL file (same inode) while a connection is open, so one descriptor, opened at
 * the first sync, stays valid; the directory is synced once so the WAL file's name survives too.
 */
export class WalSync {
  #fd: number | undefined;
  /** Flushes under way: a commit made while one is in flight gets a flush of its own at once, up to `MAX_IN_FLIGHT`. */
  readonly #inFlight = new Set<Promise<void>>();
  #next: Promise<void> | undefined;
  #closed = false;
  /** Flushes done, for tests and metrics: fewer than commits when commits overlap a flush. */
  flushes = 0;

  constructor(
    private readonly databasePath: string,
    /** The flush itself (`fs.fdatasync`); tests hold it to see who waits for it. */
    private readonly flush: (fd: number, done: (err: Error | null) => void) => void = fdatasync,
  ) {}

  /** Resolves once every commit written before this call is on disk. */
  sync(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#inFlight.size < MAX_IN_FLIGHT) return this.#start();
    // Every flush in flight may have begun before our commit: wait for the next one, begun once a
    // flush ends and shared by everyone who asks meanwhile.
    this.#next ??= Promise.race([...this.#inFlight].map((f) => f.catch(() => undefined))).then(() => this.#afterCurrent());
    return this.#next;
  }

  /** Waits for the flush in flight, then stops syncing; the store closes the connection afterwards. */
  async close(): Promise<void> {
    await this.#next?.catch(() => undefined);
    await Promise.all([...this.#inFlight].map((f) => f.catch(() => undefined)));
    this.#closed = true;
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  #afterCurrent(): Promise<void> {
    this.#next = undefined;
    return this.#start();
  }

  #start(): Promise<void> {
    const flush = new Promise<void>((resolve, reject) => {
      let fd: number;
      try {
        fd = this.#descriptor();
      } catch (err) {
        reject(err);
        return;
      }
      this.flush(fd, (err) => (err ? reject(err) : resolve()));
    }).finally(() => {
      this.flushes++;
      this.#inFlight.delete(flush);
    });
    this.#inFlight.add(flush);
    return flush;
  }

  #descriptor(): number {
    if (this.#fd === undefined) {
      this.#fd = openSync(`${this.databasePath}-wal`, 'r');
      const dir = openSync(dirname(this.databasePath), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    }
    return this.#fd;
  }
}
