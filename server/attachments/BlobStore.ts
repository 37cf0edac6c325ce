import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export class TooLarge extends Error {
  constructor(readonly limit: number) {
    super('too large');
  }
}

/** Content-addressed blobs under DATA_DIR/files/<2 hex>/<sha256>: the same file stored twice takes space once. */
export class BlobStore {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'files');
    mkdirSync(join(this.root, 'tmp'), { recursive: true });
  }

  pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Streams `input` to disk, hashing as it goes; past `limit` bytes it stops and throws TooLarge. */
  async save(input: Readable, limit: number): Promise<{ sha256: string; size: number }> {
    const tmp = join(this.root, 'tmp', randomBytes(12).toString('hex'));
    const hash = createHash('sha256');
    const out = createWriteStream(tmp);
    let size = 0;
    try {
      for await (const chunk of input) {
        size += (chunk as Buffer).length;
        if (size > limit) throw new TooLarge(limit);
        hash.update(chunk as Buffer);
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      const sha256 = hash.digest('hex');
      const final = this.pathOf(sha256);
      mkdirSync(join(this.root, sha256.slice(0, 2)), { recursive: true });
      if (existsSync(final)) rmSync(tmp);
      else renameSync(tmp, final);
      return { sha256, size };
    } catch (err) {
      out.destroy();
      rmSync(tmp, { force: true });
      throw err;
    }
  }

  read(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }
}
