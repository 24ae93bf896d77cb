import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import { DETECTION_HEAD_BYTES } from '@kontor/feed-parsers';

/** A request body streamed to disk: its size, SHA-256 and first bytes known, its content readable again as a stream. */
export interface SpooledBody {
  readonly size: number;
  readonly sha256: string;
  /** The first DETECTION_HEAD_BYTES, for format detection. */
  readonly head: Buffer;
  chunks(): AsyncIterable<Buffer>;
  discard(): Promise<void>;
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Streams a request body to a temporary file while hashing it, so a 200 MB feed never sits in memory and
 * the signature can be checked against its SHA-256. The file is encrypted with a key that lives only in
 * this process (AES-256-CTR): a feed holds PANs in clear, and a crash must not leave them readable on disk.
 */
export async function spoolBody(stream: Readable, options: { directory: string; maxBytes: number }): Promise<SpooledBody> {
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const path = join(options.directory, `kontor-feed-${randomUUID()}.spool`);
  const cipher = createCipheriv('aes-256-ctr', key, iv);
  const file = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  const hash = createHash('sha256');
  const headParts: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  // A write error (disk full) surfaces at the next chunk; after a deliberate destroy it is expected and dropped.
  let writeError: Error | undefined;
  file.on('error', (error) => (writeError ??= error));
  const discard = async () => {
    file.destroy();
    await unlink(path).catch(() => undefined);
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (writeError) throw writeError;
      size += chunk.length;
      if (size > options.maxBytes) throw new BodyTooLargeError(options.maxBytes);
      hash.update(chunk);
      if (headBytes < DETECTION_HEAD_BYTES) {
        const part = chunk.subarray(0, DETECTION_HEAD_BYTES - headBytes);
        headParts.push(Buffer.from(part));
        headBytes += part.length;
      }
      if (!file.write(cipher.update(chunk))) await once(file, 'drain');
    }
    await new Promise<void>((resolve, reject) => {
      file.end(cipher.final(), () => (writeError ? reject(writeError) : resolve()));
      file.once('error', reject);
    });
  } catch (error) {
    await discard();
    throw error;
  }
  return {
    size,
    sha256: hash.digest('hex'),
    head: Buffer.concat(headParts),
    async *chunks() {
      const decipher = createDecipheriv('aes-256-ctr', key, iv);
      for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Buffer>) yield decipher.update(chunk);
      const rest = decipher.final();
      if (rest.length > 0) yield rest;
    },
    discard,
  };
}

/** Reads a body to its end without keeping it (hashing it, as spooling would); throws BodyTooLargeError past the limit. */
export async function drainBody(stream: Readable, maxBytes: number): Promise<void> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes);
    hash.update(chunk);
  }
}
