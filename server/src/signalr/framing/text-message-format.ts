/**
 * The text framing of the JSON hub protocol: every record ends with the record
 * separator 0x1E. A transport frame may hold several records, and a record may be
 * split across frames, so the parser keeps the unfinished tail between pushes.
 */

export const RECORD_SEPARATOR = '\u001e';

export function writeRecord(json: string): string {
  return json + RECORD_SEPARATOR;
}

export class RecordTooLargeError extends Error {}

export class TextMessageParser {
  readonly #maxRecordLength: number;
  #pending = '';

  constructor(maxRecordLength = Number.POSITIVE_INFINITY) {
    this.#maxRecordLength = maxRecordLength;
  }

  /** Returns the records completed by this chunk, without their separators. */
  push(chunk: string): string[] {
    const text = this.#pending + chunk;
    const parts = text.split(RECORD_SEPARATOR);
    this.#pending = parts.pop() ?? '';
    if (
      this.#pending.length > this.#maxRecordLength ||
      parts.some((record) => record.length > this.#maxRecordLength)
    ) {
      this.#pending = '';
      throw new RecordTooLargeError(
        `A message exceeded the maximum size of ${this.#maxRecordLength} characters.`,
      );
    }
    return parts;
  }

  /** True while part of a record is waiting for the rest of it. */
  get hasPartialRecord(): boolean {
    return this.#pending.length > 0;
  }
}
