/**
 * DAP's wire format: `Content-Length: N\r\n\r\n` then N bytes of JSON. Used
 * by both transports the extension runs itself (the adapter process over
 * stdio, a host's DAP server over TCP). Pure Node.
 */

/** A DAP message, as far as the transports look into it. */
export interface DapMessage {
  seq: number;
  type: string;
  command?: string;
  event?: string;
  request_seq?: number;
  success?: boolean;
  message?: string;
  body?: unknown;
  arguments?: unknown;
}

/** The bytes of one message. */
export function encodeMessage(message: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(message), "utf8");
  return Buffer.concat([Buffer.from(`Content-Length: ${json.length}\r\n\r\n`, "ascii"), json]);
}

/** Cuts a byte stream into messages; a message that is not JSON is reported and skipped. */
export class DapReader {
  private buffer = Buffer.alloc(0);

  constructor(private readonly unreadable: (error: string) => void) {}

  /** The messages completed by `chunk`, in order. */
  push(chunk: Buffer): DapMessage[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const out: DapMessage[] = [];
    for (;;) {
      const end = this.buffer.indexOf("\r\n\r\n");
      if (end < 0) return out;
      const header = this.buffer.subarray(0, end).toString("ascii");
      const m = /Content-Length:\s*(\d+)/i.exec(header);
      if (!m) {
        // Not DAP framing: drop the header and look for the next one.
        this.buffer = this.buffer.subarray(end + 4);
        continue;
      }
      const length = Number(m[1]);
      if (this.buffer.length < end + 4 + length) return out;
      const body = this.buffer.subarray(end + 4, end + 4 + length).toString("utf8");
      this.buffer = this.buffer.subarray(end + 4 + length);
      try {
        out.push(JSON.parse(body) as DapMessage);
      } catch (e) {
        this.unreadable(String(e));
      }
    }
  }
}
