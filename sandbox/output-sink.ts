import { Writable } from 'node:stream';

/**
 * Keeps at most `capBytes` of a stream and reports the overflow once, so a flood can neither
 * grow the worker's memory nor go unnoticed (demuxStream itself ignores backpressure and caps).
 */
export class CappedSink extends Writable {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private readonly capBytes: number;
  private readonly onOverflow: () => void;
  overflowed = false;
  /** Every byte that reached this sink, kept or not: what the flood cost the worker to read. */
  received = 0;

  constructor(capBytes: number, onOverflow: () => void) {
    super();
    this.capBytes = capBytes;
    this.onOverflow = onOverflow;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.received += chunk.length;
    const room = this.capBytes - this.kept;
    if (chunk.length > room) {
      if (room > 0) this.chunks.push(chunk.subarray(0, room));
      this.kept = this.capBytes;
      if (!this.overflowed) {
        this.overflowed = true;
        this.onOverflow();
      }
    } else {
      this.chunks.push(chunk);
      this.kept += chunk.length;
    }
    callback();
  }

  /** The kept bytes as text, with NUL replaced (Postgres text rejects U+0000). */
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8').replaceAll('\u0000', '\uFFFD');
  }
}
